<#ftl output_format="plainText">
${msg("pkfEmailPlaceCodeIntro")}

${code}

${msg("pkfEmailRecoveryLinkValid", expiresInMinutes)}
<#if place?has_content>${msg("pkfEmailSignInNoticeWhere")}: ${place}
</#if>
<#if agent?has_content>${msg("pkfEmailSignInNoticeBrowser")}: ${agent}
</#if>

${msg("pkfEmailPlaceCodeNotYou")}
