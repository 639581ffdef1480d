<#import "pkf-email.ftl" as layout>
<@layout.emailLayout>
<p>${msg("pkfEmailPairLinkIntro")}</p>
<p><a href="${link}">${msg("pkfEmailPairLinkAction")}</a></p>
<p>${msg("pkfEmailPairLinkSteps", expiresInMinutes)}</p>
<p>${msg("pkfEmailPairLinkNotYou")}</p>
</@layout.emailLayout>
