<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=false displayMessage=true; section>
<!-- template: pkf-create-passkey.ftl -->
<#if section = "header">
    ${msg("pkfCreateTitle")}
<#elseif section = "form">
<div id="pkf-create" class="pkf">
    <link rel="stylesheet" href="${url.resourcesPath}/css/pkf.css">
    <script type="application/json" id="pkf-data">${pkfCreate.data?no_esc}</script>
    <#if pkfCreate.offer>
        <p id="pkf-offer">${msg("pkfCreateOfferText")}</p>
    </#if>
    <p class="pkf-help">${msg("pkfCreateIntro")}</p>
    <#if pkfCreate.deviceBoundOnly>
        <p id="pkf-device-bound-policy" class="pkf-notice">${msg("pkfCreateDeviceBoundPolicy")}</p>
    </#if>
    <form id="pkf-create-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate<#if !pkfCreate.allowed> hidden</#if>>
        <div class="${properties.kcFormGroupClass!}">
            <label for="pkf-name" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">${msg("pkfPasskeyName")}</label>
            <span class="${properties.kcInputClass!}">
                <input id="pkf-name" name="authenticatorLabel" type="text" maxlength="64" value="${pkfCreate.suggestedName}"
                       autocomplete="off" aria-describedby="pkf-name-help">
            </span>
            <p id="pkf-name-help" class="pkf-help">${msg("pkfPasskeyNameHelp")}</p>
        </div>
        <input type="hidden" name="clientDataJSON">
        <input type="hidden" name="attestationObject">
        <input type="hidden" name="publicKeyCredentialId">
        <input type="hidden" name="transports">
        <input type="hidden" name="authenticatorAttachment">
        <input type="hidden" name="error">
        <div class="${properties.kcFormGroupClass!}">
            <button type="button" id="pkf-create-button" data-pkf-needs-webauthn
                    class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">
                ${msg("pkfCreateButton")}
            </button>
        </div>
    </form>
    <#if pkfCreate.offer>
        <form id="pkf-not-now-form" action="${url.loginAction}" method="post">
            <button type="submit" name="pkf.notNow" value="1" id="pkf-not-now"
                    class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfCreateOfferNotNow")}</button>
        </form>
    </#if>
    <#if pkfCreate.anotherDevice && !pkfCreate.offer>
        <form id="pkf-another-device-form" action="${url.loginAction}" method="post">
            <p class="pkf-divider" role="separator"><span>${msg("pkfOr")}</span></p>
            <button type="submit" name="pkf.anotherDevice" value="1" id="pkf-another-device"
                    class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfCreateOnAnotherDevice")}</button>
            <p class="pkf-help">${msg("pkfCreateOnAnotherDeviceHelp")}</p>
        </form>
    </#if>
    <#if pkfCreate.managePasskeys && !pkfCreate.offer>
        <form id="pkf-manage-form" action="${url.loginAction}" method="post">
            <button type="submit" name="pkf.managePasskeys" value="1" id="pkf-manage-passkeys"
                    class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfCreateManagePasskeys")}</button>
        </form>
    </#if>
    <#if pkfCreate.appInitiated>
        <form id="pkf-cancel-form" action="${url.loginAction}" method="post">
            <button type="submit" name="cancel-aia" value="true" id="pkf-cancel"
                    class="${properties.kcButtonClass!} ${properties.kcButtonLinkClass!}">${msg("doCancel")}</button>
        </form>
    </#if>
    <div id="pkf-no-webauthn" class="pkf-notice" role="status" hidden>
        <p><strong>${msg("pkfNoWebAuthnTitle")}</strong></p>
        <p>${msg("pkfCreateNoWebAuthnText")}</p>
    </div>
    <p id="pkf-working" class="pkf-help" aria-live="polite" hidden>${msg("pkfWaitingForPasskey")}</p>
</div>
<script type="module" src="${url.resourcesPath}/js/pkf-create-passkey.js"></script>
</#if>
</@layout.registrationLayout>
