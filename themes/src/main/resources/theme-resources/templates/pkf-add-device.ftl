<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<#import "pkf-device-comparison.ftl" as devices>
<@layout.registrationLayout displayInfo=false displayMessage=true; section>
<!-- template: pkf-add-device.ftl -->
<#if section = "header">
    ${msg("pkfAddDeviceTitle")}
<#elseif section = "form">
<div id="pkf-add-device" class="pkf" data-pkf-view="${pkfAdd.view}" data-pkf-status-url="${pkfStatusUrl}" data-pkf-state="${(pkfAdd.view == 'waiting')?then('WAITING', (pkfAdd.view == 'opened')?then('OPENED', (pkfAdd.view == 'code' || pkfAdd.view == 'approve')?then('CODE_READY', 'ENDED')))}">
    <link rel="stylesheet" href="${url.resourcesPath}/css/pkf.css">
    <form id="pkf-refresh-form" action="${url.loginAction}" method="post" hidden><input type="hidden" name="pkf.refresh" value="1"></form>

    <#if pkfAdd.view == "waiting">
        <p>${msg("pkfAddDeviceScan")}</p>
        <div id="pkf-qr" class="pkf-qr">${pkfAdd.qrSvg?no_esc}</div>
        <label for="pkf-link" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">${msg("pkfAddDeviceLinkLabel")}</label>
        <span class="${properties.kcInputClass!}"><input id="pkf-link" type="text" readonly value="${pkfAdd.link}"></span>
        <p class="pkf-help">${msg("pkfAddDeviceExpires")} <span data-pkf-expires="${pkfAdd.expiresAt?c}"></span></p>
        <p id="pkf-status" class="pkf-help" aria-live="polite">${msg("pkfAddDeviceWaiting")}</p>
        <#if pkfAdd.emailOffered>
            <form id="pkf-email-form" action="${url.loginAction}" method="post">
                <button type="submit" name="pkf.email" value="1" id="pkf-email-link"
                        class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfAddDeviceEmailLink")}</button>
            </form>
        </#if>
        <form id="pkf-cancel-form" action="${url.loginAction}" method="post">
            <button type="submit" name="pkf.cancel" value="1" id="pkf-cancel" class="${properties.kcButtonClass!} ${properties.kcButtonLinkClass!}">${msg("doCancel")}</button>
        </form>
    <#elseif pkfAdd.view == "opened">
        <p id="pkf-status" aria-live="polite">${msg("pkfAddDeviceOpened")}</p>
        <@devices.table c=pkfAdd.comparison/>
        <form id="pkf-deny-form" action="${url.loginAction}" method="post">
            <button type="submit" name="pkf.deny" value="1" id="pkf-deny" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfDeny")}</button>
        </form>
    <#elseif pkfAdd.view == "code" || pkfAdd.view == "approve">
        <div id="pkf-warning" class="pkf-warning" role="alert">
            <p><strong>${msg("pkfAddDeviceWarningTitle")}</strong></p>
            <p>${msg("pkfAddDeviceWarning")}</p>
        </div>
        <@devices.table c=pkfAdd.comparison/>
        <#if pkfAdd.view == "code">
            <form id="pkf-code-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" autocomplete="off">
                <div class="${properties.kcFormGroupClass!}">
                    <label for="pkf-code" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">${msg("pkfAddDeviceCodeLabel")}</label>
                    <span class="${properties.kcInputClass!}"><input id="pkf-code" name="pkf.code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="12" autofocus></span>
                    <p class="pkf-help">${msg("pkfAddDeviceCodeHelp")}</p>
                </div>
                <button type="submit" id="pkf-code-submit" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfContinue")}</button>
            </form>
        <#else>
            <script type="application/json" id="pkf-data">${pkfAdd.data?no_esc}</script>
            <p>${msg("pkfAddDeviceApproveText")}</p>
            <button type="button" id="pkf-approve" data-pkf-needs-webauthn class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfAddDeviceApprove")}</button>
            <#include "pkf-assertion-form.ftl">
        </#if>
        <form id="pkf-deny-form" action="${url.loginAction}" method="post">
            <button type="submit" name="pkf.deny" value="1" id="pkf-deny" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfDeny")}</button>
        </form>
    <#elseif pkfAdd.view == "ended">
        <p id="pkf-ended" data-pkf-ending="${pkfAdd.ending}">
            <#if pkfAdd.ending == "APPROVED">${msg("pkfAddDeviceApproved")}
            <#elseif pkfAdd.ending == "DENIED">${msg("pkfAddDeviceDenied")}
            <#elseif pkfAdd.reason! == "wrong_code">${msg("pkfAddDeviceWrongCode")}
            <#elseif pkfAdd.reason! == "second_device">${msg("pkfAddDeviceSecondDevice")}
            <#elseif pkfAdd.ending == "EXPIRED">${msg("pkfAddDeviceExpired")}
            <#else>${msg("pkfAddDeviceCancelled")}</#if>
        </p>
        <form action="${url.loginAction}" method="post">
            <button type="submit" name="pkf.done" value="1" id="pkf-done" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfDone")}</button>
            <#if pkfAdd.ending != "APPROVED">
                <button type="submit" name="pkf.restart" value="1" id="pkf-restart" class="${properties.kcButtonClass!} ${properties.kcButtonLinkClass!}">${msg("pkfAddDeviceStartAgain")}</button>
            </#if>
        </form>
    <#else>
        <p id="pkf-refused">${pkfAdd.noPasskey?then(msg("pkfAddDeviceNoPasskeyText"), msg("pkfAddDeviceFreshSignInText"))}</p>
        <form action="${url.loginAction}" method="post">
            <button type="submit" name="cancel-aia" value="true" id="pkf-cancel" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfDone")}</button>
        </form>
    </#if>
</div>
<script type="module" src="${url.resourcesPath}/js/pkf-add-device.js"></script>
</#if>
</@layout.registrationLayout>
