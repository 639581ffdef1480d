<#import "pkf-email.ftl" as layout>
<@layout.emailLayout>
<p>${msg("pkfEmailPlaceCodeIntro")}</p>
<p style="font-size:1.5em;letter-spacing:.15em"><strong>${code}</strong></p>
<p>${msg("pkfEmailRecoveryLinkValid", expiresInMinutes)}</p>
<#if place?has_content><p>${msg("pkfEmailSignInNoticeWhere")}: ${place}</p></#if>
<#if agent?has_content><p>${msg("pkfEmailSignInNoticeBrowser")}: ${agent}</p></#if>
<p>${msg("pkfEmailPlaceCodeNotYou")}</p>
</@layout.emailLayout>
