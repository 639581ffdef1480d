<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=false displayMessage=true; section>
<!-- template: pkf-passkey-nudge.ftl -->
<#if section = "header">
    <#if pkfNudge.mode == "UPGRADE">${msg("pkfUpgradeWaitTitle")}<#elseif pkfNudge.mode == "UPGRADED">${msg("pkfUpgradedTitle")}<#else>${msg("pkfNudgeTitle")}</#if>
<#elseif section = "form">
<div id="pkf-nudge" class="pkf" data-pkf-mode="${pkfNudge.mode}" data-pkf-probe="${pkfNudge.probe?c}">
    <link rel="stylesheet" href="${url.resourcesPath}/css/pkf.css">
    <script type="application/json" id="pkf-data">${pkfNudge.data?no_esc}</script>
    <#if pkfNudge.mode == "UPGRADED">
        <p id="pkf-upgraded" role="status">
            <#if pkfNudge.provider?has_content>${msg("pkfUpgradedTextProvider", pkfNudge.provider)}<#else>${msg("pkfUpgradedText")}</#if>
        </p>
        <p class="pkf-help">${msg("pkfUpgradedName")} <strong id="pkf-upgraded-name">${pkfNudge.upgradedName!""}</strong></p>
        <form id="pkf-upgraded-form" action="${url.loginAction}" method="post">
            <div class="${properties.kcFormGroupClass!}">
                <button type="submit" name="pkf.continue" value="1" id="pkf-continue" autofocus
                        class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfContinue")}</button>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <button type="submit" name="pkf.removeUpgraded" value="1" id="pkf-remove-upgraded"
                        class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfUpgradedRemove")}</button>
            </div>
        </form>
    <#else>
        <#if pkfNudge.mode == "UPGRADE">
            <p id="pkf-upgrade-wait" class="pkf-help" aria-live="polite">${msg("pkfUpgradeWaitText")}</p>
        <#else>
            <p id="pkf-nudge-text">${msg("pkfNudgeText")}</p>
        </#if>
        <form id="pkf-create-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate<#if pkfNudge.mode == "UPGRADE"> hidden</#if>>
            <div class="${properties.kcFormGroupClass!}">
                <label for="pkf-name" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">${msg("pkfPasskeyName")}</label>
                <span class="${properties.kcInputClass!}">
                    <input id="pkf-name" name="authenticatorLabel" type="text" maxlength="64" value="${pkfNudge.suggestedName}"
                           autocomplete="off" aria-describedby="pkf-name-help">
                </span>
                <p id="pkf-name-help" class="pkf-help">${msg("pkfPasskeyNameHelp")}</p>
            </div>
            <input type="hidden" name="clientDataJSON">
            <input type="hidden" name="attestationObject">
            <input type="hidden" name="publicKeyCredentialId">
            <input type="hidden" name="transports">
            <input type="hidden" name="authenticatorAttachment">
            <input type="hidden" name="error">
            <input type="hidden" name="pkf.conditional" value="">
            <div class="${properties.kcFormGroupClass!}">
                <button type="button" id="pkf-create-button" data-pkf-needs-webauthn
                        class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">
                    ${msg("pkfCreateButton")}
                </button>
            </div>
        </form>
        <#if pkfNudge.mode == "UPGRADE">
            <form id="pkf-upgrade-unavailable-form" action="${url.loginAction}" method="post">
                <button type="submit" name="pkf.upgradeUnavailable" value="1" id="pkf-upgrade-continue"
                        class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfContinue")}</button>
            </form>
        <#else>
            <#if pkfNudge.skipAllowed>
                <form id="pkf-not-now-form" action="${url.loginAction}" method="post">
                    <button type="submit" name="pkf.notNow" value="1" id="pkf-not-now"
                            class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfCreateOfferNotNow")}</button>
                </form>
            </#if>
            <#if pkfNudge.neverOffered>
                <form id="pkf-never-form" action="${url.loginAction}" method="post">
                    <button type="submit" name="pkf.never" value="1" id="pkf-never"
                            class="${properties.kcButtonClass!} ${properties.kcButtonLinkClass!}">${msg("pkfNudgeNever")}</button>
                </form>
            </#if>
            <form id="pkf-cannot-create-form" action="${url.loginAction}" method="post" hidden>
                <input type="hidden" name="pkf.cannotCreate" value="1">
            </form>
        </#if>
        <div id="pkf-no-webauthn" class="pkf-notice" role="status" hidden>
            <p><strong>${msg("pkfNoWebAuthnTitle")}</strong></p>
            <p>${msg("pkfCreateNoWebAuthnText")}</p>
        </div>
        <p id="pkf-working" class="pkf-help" aria-live="polite" hidden>${msg("pkfWaitingForPasskey")}</p>
        <script type="module" src="${url.resourcesPath}/js/pkf-passkey-nudge.js"></script>
    </#if>
</div>
</#if>
</@layout.registrationLayout>
