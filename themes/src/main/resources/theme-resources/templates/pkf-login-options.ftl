<#-- Other ways in, as this realm allows them; the server decides what is offered. -->
<ul id="pkf-options" class="pkf-options">
    <#if realm.resetPasswordAllowed>
        <li><a id="pkf-lost-device" href="${url.loginResetCredentialsUrl}">${msg("pkfLostDevice")}</a></li>
    </#if>
    <#if realm.registrationAllowed && !registrationDisabled??>
        <li>${msg("pkfNoAccount")} <a id="pkf-register" href="${url.registrationUrl}">${msg("pkfCreateAccount")}</a></li>
    </#if>
</ul>
