<#ftl output_format="plainText">
<#if enrollment == "AUTOMATIC_UPGRADE">${provider?has_content?then(msg("pkfEmailPasskeyUpgradedIntroProvider", provider), msg("pkfEmailPasskeyUpgradedIntro"))}<#else>${msg("pkfEmailPasskeyAddedIntro")}</#if>

${msg("pkfEmailPasskeyName")}: ${passkeyName}
<#if provider?has_content>${msg("pkfEmailPasskeyProvider")}: ${provider}
</#if><#if agent?has_content>${msg("pkfEmailPasskeyBrowser")}: ${agent}
</#if>${msg("pkfEmailPasskeyHow")}: ${msg("pkfEnrollment" + enrollment)}
${synced?then(msg("pkfEmailPasskeySynced"), msg("pkfEmailPasskeyDeviceBound"))}

${msg("pkfEmailPasskeyNotYou")} ${accountUrl}

${msg("pkfEmailSignature")}
