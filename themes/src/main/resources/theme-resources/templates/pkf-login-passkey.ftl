<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=true displayMessage=true; section>
<!-- template: pkf-login-passkey.ftl -->
<#if section = "header">
    ${msg("pkfPasskeyStepTitle")}
<#elseif section = "form">
<div id="pkf-login-passkey" class="pkf">
    <link rel="stylesheet" href="${url.resourcesPath}/css/pkf.css">
    <script type="application/json" id="pkf-data">${pkf.data?no_esc}</script>
    <p id="pkf-account" class="pkf-account">
        <span class="pkf-account-label">${msg("pkfSigningInAs")}</span>
        <strong id="pkf-account-name">${pkf.username!""}</strong>
    </p>
    <p class="pkf-help">${msg("pkfPasskeyStepText")}</p>
    <div class="${properties.kcFormGroupClass!}">
        <button type="button" id="pkf-use-passkey" data-pkf-needs-webauthn autofocus
                class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">
            ${msg("pkfUsePasskey")}
        </button>
    </div>
    <#if pkf.restartAllowed>
        <form id="pkf-restart-form" action="${url.loginAction}" method="post">
            <button type="submit" name="pkf.restart" value="1" id="pkf-restart"
                    class="${properties.kcButtonClass!} ${properties.kcButtonLinkClass!}">${msg("pkfUseAnotherAccount")}</button>
        </form>
    </#if>

    <#include "pkf-assertion-form.ftl">

    <div id="pkf-no-webauthn" class="pkf-notice" role="status" hidden>
        <p><strong>${msg("pkfNoWebAuthnTitle")}</strong></p>
        <p>${msg("pkfNoWebAuthnText")}</p>
    </div>
    <noscript>
        <div class="pkf-notice" role="status">
            <p><strong>${msg("pkfNoScriptTitle")}</strong></p>
            <p>${msg("pkfNoWebAuthnText")}</p>
        </div>
    </noscript>
    <p id="pkf-working" class="pkf-help" aria-live="polite" hidden>${msg("pkfWaitingForPasskey")}</p>
</div>
<script type="module" src="${url.resourcesPath}/js/pkf-login.js"></script>
<#elseif section = "info">
    <#include "pkf-login-options.ftl">
</#if>
</@layout.registrationLayout>
