<#-- The admin view: a page of its own, wider than a sign-in card. It holds no data: its script signs
     the administrator in and reads the admin REST API, so the server's permission checks decide
     what appears. Words the script needs come in a JSON block, translated here. -->
<#assign words = {
    "DEVICE_BOUND": msg("pkfPasskeysDeviceBound"), "SYNCED": msg("pkfPasskeysSynced"),
    "SYNCABLE": msg("pkfPasskeysSyncable"), "UNKNOWN": msg("pkfPasskeysSyncUnknown"),
    "synced": msg("pkfPasskeysSynced"), "device_bound": msg("pkfPasskeysDeviceBound"),
    "THIS_DEVICE": msg("pkfPasskeysViaThisDevice"), "SIGN_UP": msg("pkfPasskeysViaSignUp"),
    "QR_CODE": msg("pkfPasskeysViaQr"), "EMAIL_LINK": msg("pkfPasskeysViaEmail"),
    "RECOVERY": msg("pkfPasskeysViaRecovery"), "AUTOMATIC_UPGRADE": msg("pkfPasskeysViaUpgrade"),
    "enrollUnknown": msg("pkfPasskeysViaUnknown"), "approvedBy": msg("pkfPasskeysApprovedBy", "{0}"),
    "purposeRECOVERY": msg("pkfAdminPurposeRecovery"), "purposeADD_DEVICE": msg("pkfAdminPurposeAddDevice"),
    "wayEMAIL": msg("pkfWayBackEMAIL"), "wayRECOVERY_CODES": msg("pkfWayBackRECOVERY_CODES"), "wayPHONE": msg("pkfWayBackPHONE"),
    "never": msg("pkfAdminNever"), "none": msg("pkfAdminNone"), "yes": msg("pkfAdminYes"), "no": msg("pkfAdminNo"),
    "noPasskeys": msg("pkfAdminNoPasskeys"), "noPending": msg("pkfAdminNoPending"), "noUsers": msg("pkfAdminNoUsers"),
    "frozenSince": msg("pkfAdminFrozenSince", "{0}"), "notFrozen": msg("pkfAdminNotFrozen"),
    "cancelConfirm": msg("pkfAdminCancelConfirm"), "cancelled": msg("pkfAdminCancelled", "{0}"), "lifted": msg("pkfAdminLifted"),
    "notCounted": msg("pkfAdminNotCounted"), "forbidden": msg("pkfAdminForbidden"), "failed": msg("pkfAdminFailed"),
    "noUser": msg("pkfAdminNoUser"), "signingIn": msg("pkfAdminSigningIn"), "noActivity": msg("pkfActivityNone")
}>
<#-- the lines of account history the admin API returns (ActivityLog.LOGGED) and a recovery's proofs -->
<#assign activityWords = ["passkey_sign_in", "password_sign_in", "sign_in_link_used", "recovery_proof", "passkey_added", "passkey_renamed", "passkey_removed", "passkey_removed_at_recovery", "passkey_sessions_ended", "recovery_waiting", "recovery_completed", "recovery_cancelled_by_owner", "recovery_cancelled_from_device", "recovery_codes_created", "password_removed", "upgrade_created", "upgrade_removed", "sign_in_disowned", "fallback_email", "fallback_code", "fallback_sms", "fallback_other"]>
<!DOCTYPE html>
<html lang="${(locale.currentLanguageTag)!'en'}" dir="${((locale.rtl)!false)?then('rtl','ltr')}">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex, nofollow">
    <title>${msg("pkfAdminViewTitle")}</title>
    <link rel="stylesheet" href="${url.resourcesPath}/css/pkf-admin.css">
    <script type="application/json" id="pkf-admin-config">${pkfAdminView?no_esc}</script>
    <script type="application/json" id="pkf-admin-words">{<#list words as k, v>"${k?json_string?no_esc}":"${v?json_string?no_esc}",</#list><#list activityWords as k>"act_${k?json_string?no_esc}":"${msg("pkfActivity_" + k)?json_string?no_esc}"<#sep>,</#list>}</script>
    <script type="module" src="${url.resourcesPath}/js/pkf-admin-view.js"></script>
</head>
<body>
<header class="pkf-admin-header">
    <h1>${msg("pkfAdminViewTitle")}</h1>
    <form id="pkf-admin-realm-form" class="pkf-admin-inline">
        <label for="pkf-admin-realm">${msg("pkfAdminRealm")}</label>
        <select id="pkf-admin-realm" name="realm"></select>
    </form>
    <button type="button" id="pkf-admin-sign-out" class="pkf-admin-link" hidden>${msg("pkfAdminSignOut")}</button>
</header>
<main id="pkf-admin" aria-busy="true">
    <p id="pkf-admin-status" role="status" aria-live="polite">${msg("pkfAdminSigningIn")}</p>
    <p id="pkf-admin-error" class="pkf-admin-error" role="alert" hidden></p>

    <section id="pkf-admin-adoption" aria-labelledby="pkf-admin-adoption-title" hidden>
        <h2 id="pkf-admin-adoption-title">${msg("pkfAdminAdoption")}</h2>
        <dl class="pkf-admin-numbers">
            <div><dt>${msg("pkfAdminAccounts")}</dt><dd id="pkf-admin-users">–</dd></div>
            <div><dt>${msg("pkfAdminWithPasskey")}</dt><dd id="pkf-admin-with-passkey">–</dd></div>
            <div><dt>${msg("pkfAdminWaitingRecoveries")}</dt><dd id="pkf-admin-waiting">–</dd></div>
            <div><dt>${msg("pkfAdminCounted")}</dt><dd id="pkf-admin-counted" class="pkf-admin-small">–</dd></div>
        </dl>
        <table id="pkf-admin-providers" class="pkf-admin-table">
            <caption>${msg("pkfAdminByProvider")}</caption>
            <thead><tr><th scope="col">${msg("pkfAdminProvider")}</th><th scope="col">${msg("pkfAdminKind")}</th><th scope="col">${msg("pkfAdminAccounts")}</th></tr></thead>
            <tbody></tbody>
        </table>
        <button type="button" id="pkf-admin-count">${msg("pkfAdminCountNow")}</button>
    </section>

    <section id="pkf-admin-find" aria-labelledby="pkf-admin-find-title" hidden>
        <h2 id="pkf-admin-find-title">${msg("pkfAdminFindUser")}</h2>
        <form id="pkf-admin-search" class="pkf-admin-inline" role="search">
            <label for="pkf-admin-q">${msg("pkfAdminSearchLabel")}</label>
            <input id="pkf-admin-q" name="q" type="search" autocomplete="off" maxlength="255" required>
            <button type="submit">${msg("pkfAdminSearch")}</button>
        </form>
        <ul id="pkf-admin-results" class="pkf-admin-results"></ul>
    </section>

    <section id="pkf-admin-user" aria-labelledby="pkf-admin-user-title" hidden>
        <h2 id="pkf-admin-user-title"></h2>
        <p id="pkf-admin-user-email" class="pkf-admin-muted"></p>
        <table id="pkf-admin-passkeys" class="pkf-admin-table">
            <caption>${msg("pkfAdminPasskeys")}</caption>
            <thead><tr>
                <th scope="col">${msg("pkfAdminName")}</th><th scope="col">${msg("pkfAdminProvider")}</th>
                <th scope="col">${msg("pkfAdminKind")}</th><th scope="col">${msg("pkfAdminAdded")}</th>
                <th scope="col">${msg("pkfAdminLastUsed")}</th>
            </tr></thead>
            <tbody></tbody>
        </table>
        <table id="pkf-admin-pending" class="pkf-admin-table">
            <caption>${msg("pkfAdminPending")}</caption>
            <thead><tr>
                <th scope="col">${msg("pkfAdminPurpose")}</th><th scope="col">${msg("pkfAdminName")}</th>
                <th scope="col">${msg("pkfAdminCreated")}</th><th scope="col">${msg("pkfAdminActivates")}</th>
                <th scope="col">${msg("pkfAdminExpires")}</th>
            </tr></thead>
            <tbody></tbody>
        </table>
        <button type="button" id="pkf-admin-cancel" class="pkf-admin-danger">${msg("pkfAdminCancelRecoveries")}</button>
        <table id="pkf-admin-activity" class="pkf-admin-table">
            <caption>${msg("pkfActivityTitle")}</caption>
            <thead><tr>
                <th scope="col">${msg("pkfAdminWhen")}</th><th scope="col">${msg("pkfAdminWhat")}</th>
                <th scope="col">${msg("pkfAdminName")}</th><th scope="col">${msg("pkfAdminBrowser")}</th>
                <th scope="col">${msg("pkfAdminPlace")}</th>
            </tr></thead>
            <tbody></tbody>
        </table>
        <h3>${msg("pkfAdminFreeze")}</h3>
        <p id="pkf-admin-freeze"></p>
        <button type="button" id="pkf-admin-lift" hidden>${msg("pkfAdminLift")}</button>
        <h3>${msg("pkfWaysBackTitle")}</h3>
        <ul id="pkf-admin-ways"></ul>
        <h3>${msg("pkfAdminPassword")}</h3>
        <p id="pkf-admin-password"></p>
    </section>
</main>
</body>
</html>
