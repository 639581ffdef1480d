<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=false displayMessage=true; section>
<!-- template: pkf-pair-confirm.ftl -->
<#if section = "header">
    ${msg("pkfPairTitle")}
<#elseif section = "form">
<div id="pkf-pair-confirm" class="pkf" data-pkf-view="${pkfLink.view}">
    <link rel="stylesheet" href="${url.resourcesPath}/css/pkf.css">
    <#if pkfLink.view == "confirm">
        <p class="pkf-account"><span class="pkf-account-label">${msg("pkfPairAccount")}</span> <strong id="pkf-account-name">${pkfLink.account}</strong></p>
        <p>${msg("pkfPairConfirmIntro")}</p>
        <p class="pkf-warning">${msg("pkfPairConfirmWarning")}</p>
        <form id="pkf-pair-form" action="${pkfLink.action}" method="post">
            <input type="hidden" name="binding" value="${pkfLink.binding}">
            <input type="hidden" name="via" value="${pkfLink.via}">
            <button type="submit" id="pkf-pair-continue" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfPairContinue")}</button>
        </form>
        <p class="pkf-help">${msg("pkfAddDeviceExpires")} <span data-pkf-expires="${pkfLink.expiresAt?c}"></span></p>
    <#elseif pkfLink.view == "other-account">
        <p id="pkf-other-account">${msg("pkfPairOtherAccountText")}</p>
    <#else>
        <p id="pkf-gone">${msg("pkfPairLinkGone")}</p>
    </#if>
</div>
<script type="module" src="${url.resourcesPath}/js/pkf-countdown.js"></script>
</#if>
</@layout.registrationLayout>
