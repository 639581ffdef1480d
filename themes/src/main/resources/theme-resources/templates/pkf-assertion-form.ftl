<#-- The fields a page's script fills after navigator.credentials.get(); names match Keycloak's own. -->
<form id="pkf-assertion-form" action="${url.loginAction}" method="post" hidden>
    <#-- a page may name what its assertion is for, when its step takes more than one -->
    <#if pkfAssertionField??><input type="hidden" name="${pkfAssertionField.name}" value="${pkfAssertionField.value}"></#if>
    <input type="hidden" name="credentialId">
    <input type="hidden" name="clientDataJSON">
    <input type="hidden" name="authenticatorData">
    <input type="hidden" name="signature">
    <input type="hidden" name="userHandle">
    <input type="hidden" name="authenticatorAttachment">
    <input type="hidden" name="error">
    <input type="hidden" name="pkf.mode">
    <input type="hidden" name="pkf.signal">
</form>
<#if pkfUnknownCredential??>
    <script type="application/json" id="pkf-unknown-credential">${pkfUnknownCredential?no_esc}</script>
</#if>
<#if pkfWorksFrom??>
    <p id="pkf-works-from" class="pkf-help" role="status">${msg("pkfPasskeyWorksFrom")}
        <time datetime="${pkfWorksFromIso}" data-pkf-datetime="${pkfWorksFrom?c}">${pkfWorksFromText}</time></p>
    <script type="module" src="${url.resourcesPath}/js/pkf-countdown.js"></script>
</#if>
