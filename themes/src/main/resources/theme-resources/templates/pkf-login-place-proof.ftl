<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=false displayMessage=true; section>
<!-- template: pkf-login-place-proof.ftl -->
<#if section = "header">
    ${msg("pkfPlaceProofTitle")}
<#elseif section = "form">
<div id="pkf-place-proof" class="pkf">
    <link rel="stylesheet" href="${url.resourcesPath}/css/pkf.css">
    <script type="application/json" id="pkf-data">${pkfPlace.data?no_esc}</script>
    <p>${msg("pkfPlaceProofIntro")}</p>
    <#if pkfPlace.place?has_content><p id="pkf-place">${msg("pkfPlaceProofWhere", pkfPlace.place)}</p></#if>
    <#if pkfPlace.otherPasskey>
        <button type="button" id="pkf-place-passkey" data-pkf-needs-webauthn class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfPlaceProofPasskey")}</button>
        <#assign pkfAssertionField = {"name": "pkf.place", "value": "passkey"}>
        <#include "pkf-assertion-form.ftl">
    </#if>
    <#if pkfPlace.email>
        <#if pkfPlace.codeSent>
            <p id="pkf-place-code-sent" role="status">${msg("pkfPlaceProofCodeSent")}</p>
            <form id="pkf-place-code-form" action="${url.loginAction}" method="post">
                <input type="hidden" name="pkf.place" value="code">
                <label for="pkf-place-code" class="${properties.kcLabelClass!}">${msg("pkfPlaceProofCodeLabel")}</label>
                <input id="pkf-place-code" name="pkf.placeCode" class="${properties.kcInputClass!}" inputmode="numeric" autocomplete="one-time-code" maxlength="8" required>
                <button type="submit" id="pkf-place-code-submit" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfPlaceProofCodeSubmit")}</button>
            </form>
        </#if>
        <form action="${url.loginAction}" method="post">
            <input type="hidden" name="pkf.place" value="send">
            <button type="submit" id="pkf-place-send" class="${properties.kcButtonClass!} ${(pkfPlace.otherPasskey || pkfPlace.codeSent)?then(properties.kcButtonSecondaryClass!, properties.kcButtonPrimaryClass!)} ${properties.kcButtonBlockClass!}">${msg("pkfPlaceProofSendCode")}</button>
        </form>
    </#if>
    <#if pkfPlace.limitedAllowed>
        <form action="${url.loginAction}" method="post">
            <input type="hidden" name="pkf.place" value="limited">
            <button type="submit" id="pkf-place-limited" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfPlaceProofLimited")}</button>
        </form>
        <p class="pkf-help">${msg("pkfPlaceProofLimitedHelp")}</p>
    <#elseif !pkfPlace.otherPasskey && !pkfPlace.email>
        <p id="pkf-place-no-way" class="pkf-warning" role="alert">${msg("pkfPlaceProofNoWay")}</p>
    </#if>
</div>
<script type="module" src="${url.resourcesPath}/js/pkf-place-proof.js"></script>
</#if>
</@layout.registrationLayout>
