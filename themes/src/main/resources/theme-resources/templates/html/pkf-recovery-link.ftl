<#import "pkf-email.ftl" as layout>
<@layout.emailLayout>
<p>${msg("pkfEmailRecoveryLinkIntro")}</p>
<p><a href="${link}">${msg("pkfEmailRecoveryLinkAction")}</a></p>
<p>${msg("pkfEmailRecoveryLinkValid", expiresInMinutes)}</p>
<p>${msg("pkfEmailRecoveryLinkNotYou")}</p>
</@layout.emailLayout>
