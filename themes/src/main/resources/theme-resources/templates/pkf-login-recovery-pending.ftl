<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=false displayMessage=true; section>
<!-- template: pkf-login-recovery-pending.ftl -->
<#if section = "header">
    ${msg("pkfRecoveryPendingTitle")}
<#elseif section = "form">
<div id="pkf-recovery-pending" class="pkf">
    <link rel="stylesheet" href="${url.resourcesPath}/css/pkf.css">
    <div class="pkf-warning" role="alert">
        <p>${msg("pkfRecoveryPendingText")}</p>
        <p>${msg("pkfRecoveryPendingDetails", pkfRecoveryPending.label, pkfRecoveryPending.agent)} <time data-pkf-datetime="${pkfRecoveryPending.startedAt?c}"></time></p>
    </div>
    <form action="${url.loginAction}" method="post">
        <button type="submit" name="pkf.recoveryCancel" value="1" id="pkf-recovery-cancel" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfRecoveryPendingCancel")}</button>
        <button type="submit" name="pkf.recoveryKeep" value="1" id="pkf-recovery-keep" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfRecoveryPendingKeep")}</button>
    </form>
</div>
<script type="module" src="${url.resourcesPath}/js/pkf-countdown.js"></script>
</#if>
</@layout.registrationLayout>
