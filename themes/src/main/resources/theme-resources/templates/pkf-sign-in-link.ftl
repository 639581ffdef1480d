<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=false displayMessage=true; section>
<!-- template: pkf-sign-in-link.ftl -->
<#if section = "header">
    ${msg("pkfSignInLinkTitle")}
<#elseif section = "form">
<div id="pkf-sign-in-link" class="pkf" data-pkf-view="${pkfLink.view}">
    <#if pkfLink.view == "confirm">
        <p class="pkf-account"><span class="pkf-account-label">${msg("pkfPairAccount")}</span> <strong>${pkfLink.account}</strong></p>
        <p>${msg("pkfSignInLinkConfirm")}</p>
        <form id="pkf-link-form" action="${pkfLink.action}" method="post">
            <input type="hidden" name="binding" value="${pkfLink.binding}">
            <button type="submit" id="pkf-link-continue" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfSignInLinkButton")}</button>
        </form>
    <#elseif pkfLink.view == "otherBrowser">
        <p id="pkf-other-browser">${msg("pkfSignInLinkOtherBrowserText")}</p>
    <#else>
        <p id="pkf-gone">${msg("pkfSignInLinkGone")}</p>
    </#if>
</div>
</#if>
</@layout.registrationLayout>
