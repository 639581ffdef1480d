<#import "pkf-email.ftl" as layout>
<@layout.emailLayout>
<p>${msg("pkfEmailPasswordRemovedIntro")}</p>
<#if agent?has_content><p>${msg("pkfEmailPasswordRemovedFrom")} ${agent}</p></#if>
<p>${msg("pkfEmailPasswordRemovedNotYou")} <a href="${accountUrl}">${accountUrl}</a></p>
<p>${msg("pkfEmailSignature")}</p>
</@layout.emailLayout>
