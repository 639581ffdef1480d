<#-- Other ways in, as this realm allows them; the server decides what is offered. -->
<#assign pkfReset = url.loginResetCredentialsUrl>
<#assign pkfResetSep = pkfReset?contains("?")?then("&", "?")>
<ul id="pkf-options" class="pkf-options">
    <#if (pkfSignInLink!false)>
        <li><a id="pkf-sign-in-link" href="${pkfReset}${pkfResetSep}pkf_mode=link">${msg("pkfSignInLinkOffer")}</a></li>
    </#if>
    <#if realm.resetPasswordAllowed>
        <#-- a forgotten password is recovered like a lost device: it ends in a passkey -->
        <li><a id="pkf-lost-device" href="${pkfReset}${pkfResetSep}pkf_mode=recover">${msg((pkf?? && pkf.password)?then("pkfForgotPassword", "pkfLostDevice"))}</a></li>
    </#if>
    <#if realm.registrationAllowed && !registrationDisabled??>
        <li>${msg("pkfNoAccount")} <a id="pkf-register" href="${url.registrationUrl}">${msg("pkfCreateAccount")}</a></li>
    </#if>
</ul>
