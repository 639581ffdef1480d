<#import "pkf-email.ftl" as layout>
<@layout.emailLayout>
<p>${msg("pkfEmailRecoveryNoticeIntro")}</p>
<#if agent?has_content><p>${msg("pkfEmailPasskeyBrowser")}: ${agent}</p></#if>
<#if waiting><p>${msg("pkfEmailRecoveryNoticeWaiting", activeFrom)}</p><#else><p>${msg("pkfEmailRecoveryNoticeDone")}</p></#if>
<p><strong>${msg("pkfEmailRecoveryNoticeNotYou")}</strong> <a href="${notMeLink}">${msg("pkfEmailRecoveryNoticeNotMeAction")}</a></p>
</@layout.emailLayout>
