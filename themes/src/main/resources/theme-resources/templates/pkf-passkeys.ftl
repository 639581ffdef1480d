<#import "template.ftl" as layout>
<#-- two requests of one tab rendering at once can hand Keycloak's layout an error without text -->
<#if message?? && !(message.summary??)><#global message = ""></#if>
<@layout.registrationLayout displayInfo=false; section>
<!-- template: pkf-passkeys.ftl -->
<#if section = "header">
    ${msg("pkfPasskeysTitle")}
<#elseif section = "form">
<div id="pkf-passkeys" class="pkf">
    <#if pkfPasskeys.signal?has_content>
        <script type="application/json" id="pkf-signal-data">${pkfPasskeys.signal?no_esc}</script>
    </#if>
    <#if pkfPasskeys.hint == "NO_WAY_BACK">
        <div id="pkf-hint" class="pkf-notice" role="note"><p>${msg("pkfPasskeysHintNoWayBack")}</p></div>
    <#elseif pkfPasskeys.hint == "ONE_PASSKEY">
        <div id="pkf-hint" class="pkf-notice" role="note"><p>${msg("pkfPasskeysHintOne")}</p></div>
    <#elseif pkfPasskeys.hint == "ONE_PROVIDER">
        <div id="pkf-hint" class="pkf-notice" role="note"><p>${msg("pkfPasskeysHintOneProvider", pkfPasskeys.hintProvider)}</p></div>
    </#if>
    <#if !pkfPasskeys.mayChange>
        <p id="pkf-read-only" class="pkf-help">${msg("pkfPasskeysReadOnly")}</p>
    </#if>
    <ul class="pkf-passkey-list" aria-label="${msg("pkfPasskeysTitle")}">
    <#list pkfPasskeys.passkeys as k>
        <li class="pkf-passkey" id="pkf-passkey-${k?index}" data-pkf-id="${k.id}">
            <div class="pkf-passkey-head">
                <#if k.icon?has_content><img class="pkf-provider-icon" src="${k.icon}" alt="" width="24" height="24"></#if>
                <strong class="pkf-passkey-label" id="pkf-passkey-name-${k?index}">${k.label!""}</strong>
                <#if k.current><span class="pkf-badge">${msg("pkfPasskeysCurrent")}</span></#if>
            </div>
            <dl class="pkf-facts">
                <#if k.provider?has_content><dt>${msg("pkfPasskeysProvider")}</dt><dd class="pkf-provider">${k.provider}</dd></#if>
                <dt>${msg("pkfPasskeysSync")}</dt>
                <dd class="pkf-sync"><#switch k.sync><#case "DEVICE_BOUND">${msg("pkfPasskeysDeviceBound")}<#break><#case "SYNCED">${msg("pkfPasskeysSynced")}<#break><#case "SYNCABLE">${msg("pkfPasskeysSyncable")}<#break><#default>${msg("pkfPasskeysSyncUnknown")}</#switch></dd>
                <dt>${msg("pkfPasskeysAdded")}</dt>
                <dd class="pkf-added"><#if k.created gt 0><time data-pkf-datetime="${k.created?c}"></time>, </#if><#switch k.enrollment><#case "THIS_DEVICE">${msg("pkfPasskeysViaThisDevice")}<#break><#case "SIGN_UP">${msg("pkfPasskeysViaSignUp")}<#break><#case "QR_CODE">${msg("pkfPasskeysViaQr")}<#break><#case "EMAIL_LINK">${msg("pkfPasskeysViaEmail")}<#break><#case "RECOVERY">${msg("pkfPasskeysViaRecovery")}<#break><#case "AUTOMATIC_UPGRADE">${msg("pkfPasskeysViaUpgrade")}<#break><#default>${msg("pkfPasskeysViaUnknown")}</#switch><#if k.enrolledFrom?has_content> ${msg("pkfPasskeysApprovedBy", k.enrolledFrom)}</#if></dd>
                <dt>${msg("pkfPasskeysLastUsed")}</dt>
                <dd class="pkf-last-used"><#if k.lastUsed gt 0><time data-pkf-datetime="${k.lastUsed?c}"></time><#if k.lastUsedAgent?has_content>, ${k.lastUsedAgent}</#if><#if k.lastUsedPlace?has_content>, ${k.lastUsedPlace}</#if><#else>${msg("pkfPasskeysNeverUsed")}</#if></dd>
            </dl>
            <#if pkfPasskeys.confirmRemove == k.id>
                <form class="pkf-confirm" action="${url.loginAction}" method="post" role="alertdialog" aria-labelledby="pkf-confirm-text">
                    <p id="pkf-confirm-text">${msg("pkfPasskeysConfirmRemove", k.label!"")}</p>
                    <button type="submit" name="pkf.removeConfirmed" value="${k.id}" id="pkf-remove-confirmed" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!}">${msg("pkfPasskeysRemoveConfirm")}</button>
                    <button type="submit" name="pkf.keep" value="1" id="pkf-remove-keep" class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!}">${msg("pkfPasskeysKeep")}</button>
                </form>
            <#elseif pkfPasskeys.mayChange>
                <form class="pkf-rename" action="${url.loginAction}" method="post">
                    <label for="pkf-label-${k?index}">${msg("pkfPasskeysName")}</label>
                    <input id="pkf-label-${k?index}" aria-describedby="pkf-passkey-name-${k?index}" name="pkf.label" value="${k.label!""}" maxlength="64" required class="${properties.kcInputClass!}">
                    <button type="submit" name="pkf.rename" value="${k.id}" aria-describedby="pkf-passkey-name-${k?index}" class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!}">${msg("pkfPasskeysRename")}</button>
                </form>
                <form class="pkf-passkey-actions" action="${url.loginAction}" method="post">
                    <#if k.sessions gt 0>
                        <button type="submit" name="pkf.signOut" value="${k.id}" aria-describedby="pkf-passkey-name-${k?index}" class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!}">${msg("pkfPasskeysSignOut", k.sessions)}</button>
                    </#if>
                    <button type="submit" name="pkf.remove" value="${k.id}" aria-describedby="pkf-passkey-name-${k?index}" class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!}">${msg("pkfPasskeysRemove")}</button>
                </form>
            </#if>
        </li>
    </#list>
    </ul>
    <#assign ways = pkfPasskeys.waysBack>
    <section id="pkf-ways-back" class="pkf-ways-back" aria-labelledby="pkf-ways-back-title">
        <h2 id="pkf-ways-back-title" class="pkf-subtitle">${msg("pkfWaysBackTitle")}</h2>
        <ul class="pkf-ways-list">
            <#list ways.methods as m>
                <li class="pkf-way" data-pkf-way="${m}">${msg("pkfWayBack" + m)}</li>
            <#else>
                <li class="pkf-way" id="pkf-no-way-back">${msg("pkfWaysBackNone")}</li>
            </#list>
        </ul>
        <#if ways.codesOffered && ways.mayCreateCodes>
            <form action="${url.loginAction}" method="post">
                <button type="submit" name="pkf.codes" value="1" id="pkf-codes"
                        class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!}">${msg(ways.methods?seq_contains("RECOVERY_CODES")?then("pkfRecoveryCodesRenew", "pkfRecoveryCodesCreate"))}</button>
            </form>
        </#if>
        <#if ways.password>
            <h3 class="pkf-subtitle">${msg("pkfPasswordTitle")}</h3>
            <p id="pkf-password-state" class="pkf-help">${msg("pkfPasswordStillThere")}</p>
            <#if ways.confirmPassword>
                <form class="pkf-confirm" action="${url.loginAction}" method="post" role="alertdialog" aria-labelledby="pkf-password-confirm-text">
                    <p id="pkf-password-confirm-text">${msg("pkfPasswordConfirmRemove")}</p>
                    <button type="submit" name="pkf.removePasswordConfirmed" value="1" id="pkf-remove-password-confirmed" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!}">${msg("pkfPasswordRemove")}</button>
                    <button type="submit" name="pkf.keep" value="1" id="pkf-keep-password" class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!}">${msg("pkfPasskeysKeep")}</button>
                </form>
            <#elseif !(ways.passwordBlocker?has_content)>
                <form action="${url.loginAction}" method="post">
                    <button type="submit" name="pkf.removePassword" value="1" id="pkf-remove-password"
                            class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!}">${msg("pkfPasswordRemove")}</button>
                </form>
            <#else>
                <p id="pkf-password-blocked" class="pkf-help">${msg("pkfPasswordBlocked" + ways.passwordBlocker)}</p>
            </#if>
        </#if>
    </section>
    <section id="pkf-activity" class="pkf-activity" aria-labelledby="pkf-activity-title">
        <h2 id="pkf-activity-title" class="pkf-subtitle">${msg("pkfActivityTitle")}</h2>
        <#if pkfPasskeys.activity?has_content>
        <ul class="pkf-activity-list">
            <#list pkfPasskeys.activity as a>
                <li class="pkf-activity-line" data-pkf-kind="${a.kind}"><time data-pkf-datetime="${a.at?c}"></time>
                    <span class="pkf-activity-what">${msg("pkfActivity_" + a.kind)}</span><#if a.kind == "recovery_proof" && a.method?has_content> (${msg("pkfActivity_" + a.method)})</#if><#if a.label?has_content> · ${a.label}</#if><#if a.agent?has_content> · ${a.agent}</#if><#if a.place?has_content> · ${a.place}</#if></li>
            </#list>
        </ul>
        <#else>
        <p id="pkf-activity-none">${msg("pkfActivityNone")}</p>
        </#if>
        <p class="pkf-help">${msg("pkfActivityHelp")}</p>
    </section>
    <form action="${url.loginAction}" method="post">
        <button type="submit" name="pkf.done" value="1" id="pkf-done" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("pkfContinue")}</button>
    </form>
</div>
<script type="module" src="${url.resourcesPath}/js/pkf-passkeys.js"></script>
</#if>
</@layout.registrationLayout>
