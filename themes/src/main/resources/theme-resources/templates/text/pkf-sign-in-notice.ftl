<#ftl output_format="plainText">
<#if newDevice>${msg("pkfEmailSignInNoticeIntroDevice")}<#else>${msg("pkfEmailSignInNoticeIntroPlace")}</#if>

${msg("pkfEmailSignInNoticeWhat")}: ${msg("pkfActivity_" + kind)}<#if passkeyName?has_content> · ${passkeyName}</#if>
${msg("pkfEmailSignInNoticeWhen")}: ${when}
<#if place?has_content>${msg("pkfEmailSignInNoticeWhere")}: ${place}<#if newPlace> (${msg("pkfEmailSignInNoticeNew")})</#if>
</#if>
<#if agent?has_content>${msg("pkfEmailSignInNoticeBrowser")}: ${agent}<#if newDevice> (${msg("pkfEmailSignInNoticeNew")})</#if>
</#if>

${msg("pkfEmailSignInNoticeYou")}

${msg("pkfEmailSignInNoticeNotYou")} ${msg("pkfEmailSignInNoticeNotMeAction")}:
${notMeLink}
${msg("pkfEmailSignInNoticeNotMeHelp")}
