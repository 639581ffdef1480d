<#ftl output_format="plainText">
<#if change == "RECOVERIES_CANCELLED">
${msg("pkfEmailAdminRecoveriesCancelled")}
<#else>
${msg("pkfEmailAdminFreezeLifted")}
</#if>

${msg("pkfEmailAdminChangeQuestions")} ${accountUrl}

${msg("pkfEmailSignature")}
