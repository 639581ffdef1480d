<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=true displayMessage=true; section>
<!-- template: pkf-login-passkey.ftl -->
<#if section = "header">
    ${msg(pkf.password?then("pkfLoginTitle", "pkfPasskeyStepTitle"))}
<#elseif section = "form">
<div id="pkf-login-passkey" class="pkf">
    <link rel="stylesheet" href="${url.resourcesPath}/css/pkf.css">
    <script type="application/json" id="pkf-data">${pkf.data?no_esc}</script>
    <p id="pkf-account" class="pkf-account">
        <span class="pkf-account-label">${msg("pkfSigningInAs")}</span>
        <strong id="pkf-account-name">${pkf.username!""}</strong>
    </p>
    <#if pkf.password>
        <#-- Keycloak's own check puts its error on the username or the password field: one place, one text -->
        <form id="pkf-password-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <input type="text" name="username" value="${pkf.username!""}" autocomplete="username" hidden>
            <div class="${properties.kcFormGroupClass!}">
                <label for="password" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">${msg("password")}</label>
                <span class="${properties.kcInputClass!}">
                    <input id="password" name="password" type="password" autofocus
                           autocomplete="${pkf.conditionalUi?then('current-password webauthn', 'current-password')}"
                           <#if messagesPerField.existsError('username','password')>aria-invalid="true" aria-describedby="pkf-password-error"</#if>>
                </span>
                <#if messagesPerField.existsError('username','password')>
                    <p id="pkf-password-error" class="pkf-field-error" aria-live="polite">${kcSanitize(messagesPerField.getFirstError('username','password'))?no_esc}</p>
                </#if>
            </div>
            <#if realm.rememberMe>
                <div class="${properties.kcFormGroupClass!}">
                    <label class="pkf-checkbox"><input type="checkbox" id="rememberMe" name="rememberMe" value="on"> ${msg("rememberMe")}</label>
                </div>
            </#if>
            <input type="hidden" name="pkf.caps" value="">
            <div class="${properties.kcFormGroupClass!}">
                <button type="submit" id="pkf-password-submit"
                        class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">
                    ${msg("pkfSignInWithPassword")}
                </button>
            </div>
        </form>
        <p class="pkf-divider" role="separator"><span>${msg("pkfOr")}</span></p>
        <p class="pkf-help">${msg("pkfPasswordStepPasskeyText")}</p>
    <#else>
        <p class="pkf-help">${msg("pkfPasskeyStepText")}</p>
    </#if>
    <div class="${properties.kcFormGroupClass!}">
        <button type="button" id="pkf-use-passkey" data-pkf-needs-webauthn<#if !pkf.password> autofocus</#if>
                class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}<#if !pkf.password> ${properties.kcButtonPrimaryClass!}</#if>">
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
