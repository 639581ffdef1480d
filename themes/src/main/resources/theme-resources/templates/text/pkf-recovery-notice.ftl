<#ftl output_format="plainText">
${msg("pkfEmailRecoveryNoticeIntro")}
<#if agent?has_content>${msg("pkfEmailPasskeyBrowser")}: ${agent}
</#if>
<#if waiting>${msg("pkfEmailRecoveryNoticeWaiting", activeFrom)}<#else>${msg("pkfEmailRecoveryNoticeDone")}</#if>

${msg("pkfEmailRecoveryNoticeNotYou")} ${msg("pkfEmailRecoveryNoticeNotMeAction")}:
${notMeLink}
