<#import "pkf-email.ftl" as layout>
<@layout.emailLayout>
<p>${msg("pkfEmailPasskeyRemovedIntro")}</p>
<table role="presentation" cellpadding="4">
  <tr><td>${msg("pkfEmailPasskeyName")}</td><td><strong>${passkeyName}</strong></td></tr>
  <#if provider?has_content><tr><td>${msg("pkfEmailPasskeyProvider")}</td><td>${provider}</td></tr></#if>
  <#if agent?has_content><tr><td>${msg("pkfEmailPasskeyRemovedFrom")}</td><td>${agent}</td></tr></#if>
</table>
<p>${msg("pkfEmailPasskeyRemovedNotYou")} <a href="${accountUrl}">${accountUrl}</a></p>
<p>${msg("pkfEmailSignature")}</p>
</@layout.emailLayout>
