<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=false displayMessage=true; section>
<!-- template: pkf-recovery-codes.ftl -->
<#if section = "header">
    ${msg("pkfRecoveryCodesTitle")}
<#elseif section = "form">
<div id="pkf-recovery-codes" class="pkf">
    <link rel="stylesheet" href="${url.resourcesPath}/css/pkf.css">
    <p>${msg("pkfRecoveryCodesText")}</p>
    <p class="pkf-notice" role="note">${msg("pkfRecoveryCodesOnce")}</p>
    <ol id="pkf-codes-list" class="pkf-codes" aria-label="${msg("pkfRecoveryCodesTitle")}" data-pkf-file="${pkfCodesFile}">
        <#list pkfCodes as code><li><code>${code}</code></li></#list>
    </ol>
    <div class="${properties.kcFormGroupClass!} pkf-codes-tools">
        <button type="button" id="pkf-codes-download" class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!}" hidden>${msg("pkfRecoveryCodesDownload")}</button>
        <button type="button" id="pkf-codes-print" class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!}" hidden>${msg("pkfRecoveryCodesPrint")}</button>
    </div>
    <form action="${url.loginAction}" method="post">
        <button type="submit" name="pkf.codesSaved" value="1" id="pkf-codes-saved"
                class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfRecoveryCodesSaved")}</button>
    </form>
</div>
<script type="module" src="${url.resourcesPath}/js/pkf-recovery-codes.js"></script>
</#if>
</@layout.registrationLayout>
