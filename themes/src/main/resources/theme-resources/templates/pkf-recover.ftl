<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=false displayMessage=true; section>
<!-- template: pkf-recover.ftl -->
<#if section = "header">
    ${msg("pkfRecoveryTitle")}
<#elseif section = "form">
<div id="pkf-recover" class="pkf" data-pkf-view="${pkfRecover.view}">
    <link rel="stylesheet" href="${url.resourcesPath}/css/pkf.css">
    <p class="pkf-account"><span class="pkf-account-label">${msg("pkfPairAccount")}</span> <strong>${pkfAccount}</strong></p>
    <#assign v = pkfRecover.view>
    <#if v == "stopped">
        <p id="pkf-recovery-stopped">${msg("pkfRecoveryStoppedText")}</p>
    <#elseif v == "codes">
        <p>${msg("pkfRecoveryNewCodes")}</p>
        <ol id="pkf-new-codes" class="pkf-codes"><#list pkfRecover.codes as c><li><code>${c}</code></li></#list></ol>
        <form action="${url.loginAction}" method="post">
            <button type="submit" name="pkf.codesSaved" value="1" id="pkf-codes-saved" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfRecoveryCodesSaved")}</button>
        </form>
    <#elseif v == "proofs">
        <p>${msg("pkfRecoveryMoreProof")}</p>
        <form id="pkf-proofs-form" action="${url.loginAction}" method="post">
            <#list pkfRecover.offer as o>
                <#if o == "SMS">
                    <button type="submit" name="pkf.method" value="SMS" id="pkf-method-sms" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfRecoveryMethodSms", pkfRecover.maskedPhone)}</button>
                <#elseif o == "CODE">
                    <button type="submit" name="pkf.method" value="CODE" id="pkf-method-code" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfRecoveryMethodCode")}</button>
                <#elseif o == "EMAIL">
                    <button type="submit" name="pkf.method" value="EMAIL" id="pkf-method-email" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfRecoveryMethodEmail")}</button>
                </#if>
            </#list>
            <#if pkfRecover.mayWait>
                <p class="pkf-help">${msg("pkfRecoveryWaitHelp", pkfRecover.waitingMinutes)}</p>
                <button type="submit" name="pkf.wait" value="1" id="pkf-wait" class="${properties.kcButtonClass!} ${properties.kcButtonLinkClass!}">${msg("pkfRecoveryWait")}</button>
            </#if>
        </form>
    <#elseif v?starts_with("otp-")>
        <p><#if v == "otp-sms">${msg("pkfRecoveryOtpSms", pkfRecover.maskedPhone)}<#elseif v == "otp-email">${msg("pkfRecoveryOtpEmail")}<#else>${msg("pkfRecoveryCodeIntro")}</#if></p>
        <form id="pkf-otp-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" autocomplete="off">
            <div class="${properties.kcFormGroupClass!}">
                <label for="pkf-otp" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">${(v == "otp-code")?then(msg("pkfRecoveryCodeLabel"), msg("pkfRecoveryOtpLabel"))}</label>
                <span class="${properties.kcInputClass!}"><input id="pkf-otp" name="pkf.otp" type="text" autocomplete="one-time-code" <#if v != "otp-code">inputmode="numeric"</#if> autofocus></span>
            </div>
            <button type="submit" id="pkf-otp-submit" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfContinue")}</button>
        </form>
    <#elseif v == "create" || v == "create-waiting">
        <script type="application/json" id="pkf-data">${pkfRecover.data?no_esc}</script>
        <p>${msg("pkfRecoveryCreate")}</p>
        <#if v == "create-waiting"><p id="pkf-waiting-note" class="pkf-notice">${msg("pkfRecoveryCreateWaiting", pkfRecover.waitingMinutes)}</p></#if>
        <form id="pkf-create-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <div class="${properties.kcFormGroupClass!}">
                <label for="pkf-name" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">${msg("pkfPasskeyName")}</label>
                <span class="${properties.kcInputClass!}"><input id="pkf-name" name="authenticatorLabel" type="text" maxlength="64" value="${pkfRecover.suggestedName}" autocomplete="off"></span>
            </div>
            <input type="hidden" name="clientDataJSON">
            <input type="hidden" name="attestationObject">
            <input type="hidden" name="publicKeyCredentialId">
            <input type="hidden" name="transports">
            <input type="hidden" name="authenticatorAttachment">
            <input type="hidden" name="error">
            <button type="button" id="pkf-create-button" data-pkf-needs-webauthn class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfCreateButton")}</button>
        </form>
        <div id="pkf-no-webauthn" class="pkf-notice" role="status" hidden><p>${msg("pkfCreateNoWebAuthnText")}</p></div>
        <p id="pkf-working" class="pkf-help" aria-live="polite" hidden>${msg("pkfWaitingForPasskey")}</p>
    <#elseif v == "waiting">
        <p id="pkf-waiting">${msg("pkfRecoveryWaiting")} <strong><time data-pkf-datetime="${pkfRecover.activeFrom?c}"></time></strong></p>
        <p class="pkf-help">${msg("pkfRecoveryFallbackNote")}</p>
        <form action="${url.loginAction}" method="post">
            <button type="submit" name="pkf.done" value="1" id="pkf-done" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfContinue")}</button>
        </form>
    <#elseif v == "review">
        <p id="pkf-recovered">${msg("pkfRecoveryReview")}</p>
        <form id="pkf-review-form" action="${url.loginAction}" method="post">
            <#if pkfRecover.otherPasskeys?has_content>
                <fieldset class="pkf-review"><legend>${msg("pkfRecoveryLostPasskeys")}</legend>
                    <#list pkfRecover.otherPasskeys as k>
                        <label class="pkf-check"><input type="checkbox" name="remove" value="${k.id}"> ${k.label} <span class="pkf-help">${msg("pkfRecoveryCreatedOn", k.created)}</span></label>
                    </#list>
                </fieldset>
            </#if>
            <#if pkfRecover.identityProviders?has_content>
                <p>${msg("pkfRecoveryLinkedProviders")}</p>
                <ul id="pkf-linked"><#list pkfRecover.identityProviders as i><li>${i}</li></#list></ul>
            </#if>
            <p class="pkf-help">${msg("pkfRecoveryFallbackNote")}</p>
            <button type="submit" name="pkf.review" value="1" id="pkf-review-done" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfContinue")}</button>
        </form>
    </#if>
</div>
<script type="module" src="${url.resourcesPath}/js/pkf-recover.js"></script>
</#if>
</@layout.registrationLayout>
