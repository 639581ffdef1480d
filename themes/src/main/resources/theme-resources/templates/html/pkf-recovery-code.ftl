<#import "pkf-email.ftl" as layout>
<@layout.emailLayout>
<p>${msg("pkfEmailRecoveryCodeIntro")}</p>
<p style="font-size:1.5em;letter-spacing:.15em"><strong>${code}</strong></p>
<p>${msg("pkfEmailRecoveryLinkValid", expiresInMinutes)}</p>
<p>${msg("pkfEmailRecoveryLinkNotYou")}</p>
</@layout.emailLayout>
