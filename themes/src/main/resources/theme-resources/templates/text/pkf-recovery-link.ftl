<#ftl output_format="plainText">
${msg("pkfEmailRecoveryLinkIntro")}

${link}

${msg("pkfEmailRecoveryLinkValid", expiresInMinutes)}

${msg("pkfEmailRecoveryLinkNotYou")}
