<#import "pkf-email.ftl" as layout>
<@layout.emailLayout>
<#if change == "RECOVERIES_CANCELLED">
<p>${msg("pkfEmailAdminRecoveriesCancelled")}</p>
<#else>
<p>${msg("pkfEmailAdminFreezeLifted")}</p>
</#if>
<p>${msg("pkfEmailAdminChangeQuestions")} <a href="${accountUrl}">${accountUrl}</a></p>
<p>${msg("pkfEmailSignature")}</p>
</@layout.emailLayout>
