<#ftl output_format="plainText">
${msg("pkfEmailPasskeyAddedIntro")}

${msg("pkfEmailPasskeyName")}: ${passkeyName}
<#if provider?has_content>${msg("pkfEmailPasskeyProvider")}: ${provider}
</#if><#if agent?has_content>${msg("pkfEmailPasskeyBrowser")}: ${agent}
</#if>${msg("pkfEmailPasskeyHow")}: ${msg("pkfEnrollment" + enrollment)}
${synced?then(msg("pkfEmailPasskeySynced"), msg("pkfEmailPasskeyDeviceBound"))}

${msg("pkfEmailPasskeyNotYou")} ${accountUrl}

${msg("pkfEmailSignature")}
