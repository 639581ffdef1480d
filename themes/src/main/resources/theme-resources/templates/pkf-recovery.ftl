<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=false displayMessage=true; section>
<!-- template: pkf-recovery.ftl -->
<#if section = "header">
    ${msg(pkfRecovery.signInLink?then("pkfSignInLinkTitle", "pkfRecoveryTitle"))}
<#elseif section = "form">
<div id="pkf-recovery" class="pkf" data-pkf-view="${pkfRecovery.view}">
    <link rel="stylesheet" href="${url.resourcesPath}/css/pkf.css">
    <#if pkfRecovery.view == "identify">
        <p>${msg(pkfRecovery.signInLink?then("pkfSignInLinkIntro", "pkfRecoveryIntro"))}</p>
        <form id="pkf-identify-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <div class="${properties.kcFormGroupClass!}">
                <label for="identifier" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">${msg("usernameOrEmail")}</label>
                <span class="${properties.kcInputClass!}"><input id="identifier" name="identifier" type="text" autocomplete="username" autofocus spellcheck="false" autocapitalize="none"></span>
            </div>
            <button type="submit" id="pkf-identify-submit" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfContinue")}</button>
        </form>
    <#elseif pkfRecovery.view == "sent">
        <#if pkfRecovery.signInLink>
            <p id="pkf-sent">${msg("pkfSignInLinkSent", pkfRecovery.identifier, pkfRecovery.linkMinutes)}</p>
            <p class="pkf-help">${msg("pkfSignInLinkSentHelp")}</p>
        <#else>
            <p id="pkf-sent">${msg("pkfRecoverySent", pkfRecovery.identifier, pkfRecovery.linkMinutes)}</p>
            <p class="pkf-help">${msg("pkfRecoverySentHelp")}</p>
        </#if>
        <form action="${url.loginAction}" method="post">
            <#if pkfRecovery.codeOffered>
                <button type="submit" name="pkf.useCode" value="1" id="pkf-use-code" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfRecoveryUseCode")}</button>
            </#if>
            <button type="submit" name="pkf.restart" value="1" id="pkf-restart" class="${properties.kcButtonClass!} ${properties.kcButtonLinkClass!}">${msg("pkfRecoveryStartOver")}</button>
        </form>
    <#elseif pkfRecovery.view == "code">
        <p>${msg("pkfRecoveryCodeIntro")}</p>
        <form id="pkf-code-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" autocomplete="off">
            <div class="${properties.kcFormGroupClass!}">
                <label for="pkf-code" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">${msg("pkfRecoveryCodeLabel")}</label>
                <span class="${properties.kcInputClass!}"><input id="pkf-code" name="pkf.code" type="text" autocomplete="off" spellcheck="false" autocapitalize="characters" autofocus></span>
            </div>
            <button type="submit" id="pkf-code-submit" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfContinue")}</button>
        </form>
        <form action="${url.loginAction}" method="post">
            <button type="submit" name="pkf.restart" value="1" class="${properties.kcButtonClass!} ${properties.kcButtonLinkClass!}">${msg("pkfRecoveryStartOver")}</button>
        </form>
    </#if>
</div>
</#if>
</@layout.registrationLayout>
