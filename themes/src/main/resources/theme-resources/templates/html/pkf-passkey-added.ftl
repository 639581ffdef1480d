<#import "pkf-email.ftl" as layout>
<@layout.emailLayout>
<#if enrollment == "AUTOMATIC_UPGRADE">
<p>${provider?has_content?then(msg("pkfEmailPasskeyUpgradedIntroProvider", provider), msg("pkfEmailPasskeyUpgradedIntro"))}</p>
<#else>
<p>${msg("pkfEmailPasskeyAddedIntro")}</p>
</#if>
<table role="presentation" cellpadding="4">
  <tr><td>${msg("pkfEmailPasskeyName")}</td><td><strong>${passkeyName}</strong></td></tr>
  <#if provider?has_content><tr><td>${msg("pkfEmailPasskeyProvider")}</td><td>${provider}</td></tr></#if>
  <#if agent?has_content><tr><td>${msg("pkfEmailPasskeyBrowser")}</td><td>${agent}</td></tr></#if>
  <tr><td>${msg("pkfEmailPasskeyHow")}</td><td>${msg("pkfEnrollment" + enrollment)}</td></tr>
  <tr><td></td><td>${synced?then(msg("pkfEmailPasskeySynced"), msg("pkfEmailPasskeyDeviceBound"))}</td></tr>
</table>
<p>${msg("pkfEmailPasskeyNotYou")} <a href="${accountUrl}">${accountUrl}</a></p>
<p>${msg("pkfEmailSignature")}</p>
</@layout.emailLayout>
