<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=false displayMessage=false; section>
<!-- template: pkf-login-signal.ftl -->
<#if section = "header">
    ${msg("pkfSigningIn")}
<#elseif section = "form">
<div id="pkf-login-signal" class="pkf">
    <script type="application/json" id="pkf-signal-data">${pkfSignal?no_esc}</script>
    <form id="pkf-continue-form" action="${url.loginAction}" method="post">
        <p class="pkf-help" aria-live="polite">${msg("pkfSignedInContinuing")}</p>
        <button type="submit" name="pkf.continue" value="1" id="pkf-continue-button"
                class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">
            ${msg("pkfContinue")}
        </button>
    </form>
</div>
<script type="module" src="${url.resourcesPath}/js/pkf-signal.js"></script>
</#if>
</@layout.registrationLayout>
