<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=false displayMessage=true; section>
<!-- template: pkf-pair-device.ftl -->
<#if section = "header">
    ${msg("pkfPairTitle")}
<#elseif section = "form">
<div id="pkf-pair-device" class="pkf" data-pkf-view="${pkfPair.view}" data-pkf-status-url="${pkfStatusUrl}" data-pkf-state="${(pkfPair.view == 'create')?then('OPENED', (pkfPair.view == 'code')?then('CODE_READY', 'ENDED'))}">
    <link rel="stylesheet" href="${url.resourcesPath}/css/pkf.css">
    <form id="pkf-refresh-form" action="${url.loginAction}" method="post" hidden><input type="hidden" name="pkf.refresh" value="1"></form>
    <p class="pkf-account"><span class="pkf-account-label">${msg("pkfPairAccount")}</span> <strong id="pkf-account-name">${pkfAccount}</strong></p>

    <#if pkfPair.view == "create">
        <script type="application/json" id="pkf-data">${pkfPair.data?no_esc}</script>
        <p>${msg("pkfPairCreateIntro")}</p>
        <#if pkfPair.deviceBoundOnly><p class="pkf-notice">${msg("pkfCreateDeviceBoundPolicy")}</p></#if>
        <form id="pkf-create-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <div class="${properties.kcFormGroupClass!}">
                <label for="pkf-name" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">${msg("pkfPasskeyName")}</label>
                <span class="${properties.kcInputClass!}"><input id="pkf-name" name="authenticatorLabel" type="text" maxlength="64" value="${pkfPair.suggestedName}" autocomplete="off"></span>
            </div>
            <input type="hidden" name="clientDataJSON">
            <input type="hidden" name="attestationObject">
            <input type="hidden" name="publicKeyCredentialId">
            <input type="hidden" name="transports">
            <input type="hidden" name="authenticatorAttachment">
            <input type="hidden" name="error">
            <button type="button" id="pkf-create-button" data-pkf-needs-webauthn class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfCreateButton")}</button>
        </form>
        <p class="pkf-help">${msg("pkfAddDeviceExpires")} <span data-pkf-expires="${pkfPair.expiresAt?c}"></span></p>
        <div id="pkf-no-webauthn" class="pkf-notice" role="status" hidden><p>${msg("pkfCreateNoWebAuthnText")}</p></div>
        <p id="pkf-working" class="pkf-help" aria-live="polite" hidden>${msg("pkfWaitingForPasskey")}</p>
    <#elseif pkfPair.view == "code">
        <p>${msg("pkfPairCodeIntro")}</p>
        <p id="pkf-code" class="pkf-code" aria-label="${msg("pkfPairCodeLabel")}">${pkfPair.code}</p>
        <p id="pkf-status" class="pkf-help" aria-live="polite">${msg("pkfPairWaitingApproval")}</p>
        <p class="pkf-help">${msg("pkfPairNotSignedIn")}</p>
    <#elseif pkfPair.view == "elsewhere">
        <p id="pkf-ended">${msg("pkfPairElsewhere")}</p>
    <#else>
        <p id="pkf-ended" data-pkf-ending="${pkfPair.ending}">
            <#if pkfPair.ending == "DENIED">${msg("pkfPairDenied")}
            <#elseif pkfPair.reason! == "wrong_code">${msg("pkfPairWrongCode")}
            <#elseif pkfPair.reason! == "second_device">${msg("pkfAddDeviceSecondDevice")}
            <#elseif pkfPair.ending == "ABORTED">${msg("pkfPairCancelled")}
            <#else>${msg("pkfPairLinkGone")}</#if>
        </p>
    </#if>
</div>
<script type="module" src="${url.resourcesPath}/js/pkf-pair-device.js"></script>
</#if>
</@layout.registrationLayout>
