<#ftl output_format="plainText">
${msg("pkfEmailSignInLinkIntro")}

${link}

${msg("pkfEmailSignInLinkValid", expiresInMinutes)}

${msg("pkfEmailSignInLinkNotYou")}
