<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=false displayMessage=true; section>
<!-- template: pkf-not-me.ftl -->
<#if section = "header">
    ${msg("pkfNotMeTitle")}
<#elseif section = "form">
<div id="pkf-not-me" class="pkf" data-pkf-view="${pkfLink.view}">
    <#if pkfLink.view == "confirm">
        <p>${msg("pkfNotMeIntro")}</p>
        <form id="pkf-not-me-form" action="${pkfLink.action}" method="post">
            <input type="hidden" name="binding" value="${pkfLink.binding}">
            <button type="submit" id="pkf-not-me-confirm" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfNotMeConfirm")}</button>
        </form>
    <#elseif pkfLink.view == "done">
        <p id="pkf-not-me-done">${msg("pkfNotMeDone")}</p>
    <#else>
        <p id="pkf-gone">${msg("pkfRecoveryLinkGone")}</p>
    </#if>
</div>
</#if>
</@layout.registrationLayout>
