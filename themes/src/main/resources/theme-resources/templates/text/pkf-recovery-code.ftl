<#ftl output_format="plainText">
${msg("pkfEmailRecoveryCodeIntro")}

${code}

${msg("pkfEmailRecoveryLinkValid", expiresInMinutes)}

${msg("pkfEmailRecoveryLinkNotYou")}
