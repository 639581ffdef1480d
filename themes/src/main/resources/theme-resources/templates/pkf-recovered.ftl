<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=false displayMessage=false; section>
<!-- template: pkf-recovered.ftl -->
<#if section = "header">
    ${msg("pkfRecoveredTitle")}
<#elseif section = "form">
<div id="pkf-recovered-landing" class="pkf">
    <p>${msg("pkfRecoveredText")}</p>
    <a id="pkf-go-account" href="${pkfAccountUrl}" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfDeviceAddedAccount")}</a>
</div>
</#if>
</@layout.registrationLayout>
