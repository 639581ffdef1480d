<#ftl output_format="plainText">
${msg("pkfEmailPasswordRemovedIntro")}
<#if agent?has_content>${msg("pkfEmailPasswordRemovedFrom")} ${agent}
</#if>
${msg("pkfEmailPasswordRemovedNotYou")} ${accountUrl}

${msg("pkfEmailSignature")}
