<#import "pkf-email.ftl" as layout>
<@layout.emailLayout>
<p>${msg("pkfEmailSignInLinkIntro")}</p>
<p><a href="${link}">${msg("pkfEmailSignInLinkAction")}</a></p>
<p>${msg("pkfEmailSignInLinkValid", expiresInMinutes)}</p>
<p>${msg("pkfEmailSignInLinkNotYou")}</p>
</@layout.emailLayout>
