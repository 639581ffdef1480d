<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=false displayMessage=true; section>
<!-- template: pkf-sign-in-not-me.ftl -->
<#if section = "header">
    ${msg("pkfSignInNotMeTitle")}
<#elseif section = "form">
<div id="pkf-sign-in-not-me" class="pkf" data-pkf-view="${pkfLink.view}">
    <#if pkfLink.view == "confirm">
        <p>${msg("pkfSignInNotMeIntro")}</p>
        <p>${msg("pkfSignInNotMeWhen")} <time data-pkf-datetime="${pkfLink.expiresAt?c}"></time></p>
        <form id="pkf-sign-in-not-me-form" action="${pkfLink.action}" method="post">
            <input type="hidden" name="binding" value="${pkfLink.binding}">
            <button type="submit" id="pkf-sign-in-not-me-confirm" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfSignInNotMeConfirm")}</button>
        </form>
        <script type="module" src="${url.resourcesPath}/js/pkf-countdown.js"></script>
    <#elseif pkfLink.view == "done">
        <p id="pkf-sign-in-not-me-done">${msg("pkfSignInNotMeDone")}</p>
    <#else>
        <p id="pkf-gone">${msg("pkfErrorNoticeLinkInvalid")}</p>
    </#if>
</div>
</#if>
</@layout.registrationLayout>
