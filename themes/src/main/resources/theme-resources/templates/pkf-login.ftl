<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=true displayMessage=true; section>
<!-- template: pkf-login.ftl -->
<#if section = "header">
    ${msg("pkfLoginTitle")}
<#elseif section = "form">
<div id="pkf-login" class="pkf">
    <link rel="stylesheet" href="${url.resourcesPath}/css/pkf.css">
    <script type="application/json" id="pkf-data">${pkf.data?no_esc}</script>

    <#if pkf.passkeyButton>
        <div class="${properties.kcFormGroupClass!}">
            <button type="button" id="pkf-passkey-button" data-pkf-needs-webauthn
                    class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">
                <svg class="pkf-icon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20"><circle cx="9" cy="8" r="4" fill="none" stroke="currentColor" stroke-width="2"/><path d="M2 21c0-4 3-6 7-6 1.5 0 2.8.3 3.8.8M17 13a3 3 0 1 1 0 6 3 3 0 0 1 0-6zm0 6v3m0-1.5h1.5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>
                <span>${msg("pkfSignInWithPasskey")}</span>
            </button>
            <p id="pkf-hybrid-hint" class="pkf-help" hidden>${msg("pkfHybridHint")}</p>
        </div>
    </#if>

    <#if pkf.usernameFirst>
        <#if pkf.passkeyButton><p class="pkf-divider" role="separator"><span>${msg("pkfOr")}</span></p></#if>
        <form id="pkf-username-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <div class="${properties.kcFormGroupClass!}">
                <label for="username" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">
                    <#if !realm.loginWithEmailAllowed>${msg("username")}<#elseif !realm.registrationEmailAsUsername>${msg("usernameOrEmail")}<#else>${msg("email")}</#if>
                </label>
                <span class="${properties.kcInputClass!}">
                    <input id="username" name="username" type="text" value="${pkf.loginHint}" autofocus
                           autocomplete="${pkf.conditionalUi?then('username webauthn', 'username')}"
                           aria-describedby="pkf-username-help" spellcheck="false" autocapitalize="none">
                </span>
                <p id="pkf-username-help" class="pkf-help">${msg("pkfUsernameHelp")}</p>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <button type="submit" id="pkf-continue" name="pkf.usernameSubmit"
                        class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">
                    ${msg("pkfContinue")}
                </button>
            </div>
        </form>
    </#if>

    <#include "pkf-assertion-form.ftl">

    <div id="pkf-no-webauthn" class="pkf-notice" role="status" hidden>
        <p><strong>${msg("pkfNoWebAuthnTitle")}</strong></p>
        <p>${msg("pkfNoWebAuthnText")}</p>
    </div>
    <div id="pkf-no-platform" class="pkf-notice" role="status" hidden>
        <p>${msg("pkfNoPlatformText")}</p>
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
