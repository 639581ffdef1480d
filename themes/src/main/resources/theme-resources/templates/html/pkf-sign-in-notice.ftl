<#import "pkf-email.ftl" as layout>
<@layout.emailLayout>
<p><#if newDevice>${msg("pkfEmailSignInNoticeIntroDevice")}<#else>${msg("pkfEmailSignInNoticeIntroPlace")}</#if></p>
<table role="presentation" style="border-collapse:collapse;margin:0 0 1em">
<tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0">${msg("pkfEmailSignInNoticeWhat")}</th><td>${msg("pkfActivity_" + kind)}<#if passkeyName?has_content> · ${passkeyName}</#if></td></tr>
<tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0">${msg("pkfEmailSignInNoticeWhen")}</th><td>${when}</td></tr>
<#if place?has_content><tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0">${msg("pkfEmailSignInNoticeWhere")}</th><td>${place}<#if newPlace> (${msg("pkfEmailSignInNoticeNew")})</#if></td></tr></#if>
<#if agent?has_content><tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0">${msg("pkfEmailSignInNoticeBrowser")}</th><td>${agent}<#if newDevice> (${msg("pkfEmailSignInNoticeNew")})</#if></td></tr></#if>
</table>
<p>${msg("pkfEmailSignInNoticeYou")}</p>
<p><strong>${msg("pkfEmailSignInNoticeNotYou")}</strong> <a href="${notMeLink}">${msg("pkfEmailSignInNoticeNotMeAction")}</a></p>
<p>${msg("pkfEmailSignInNoticeNotMeHelp")}</p>
</@layout.emailLayout>
