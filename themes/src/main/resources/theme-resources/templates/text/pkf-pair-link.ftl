<#ftl output_format="plainText">
${msg("pkfEmailPairLinkIntro")}

${link}

${msg("pkfEmailPairLinkSteps", expiresInMinutes)}

${msg("pkfEmailPairLinkNotYou")}
