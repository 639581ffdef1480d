<#ftl output_format="plainText">
${msg("pkfEmailPasskeyRemovedIntro")}

${msg("pkfEmailPasskeyName")}: ${passkeyName}
<#if provider?has_content>${msg("pkfEmailPasskeyProvider")}: ${provider}
</#if><#if agent?has_content>${msg("pkfEmailPasskeyRemovedFrom")}: ${agent}
</#if>
${msg("pkfEmailPasskeyRemovedNotYou")} ${accountUrl}

${msg("pkfEmailSignature")}
