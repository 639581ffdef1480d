<#-- The device being added beside this one; differences are flagged in words, not only in colour. -->
<#macro table c>
<table id="pkf-comparison" class="pkf-comparison">
    <caption>${msg("pkfCompareCaption")}</caption>
    <thead><tr><th scope="col"></th><th scope="col">${msg("pkfCompareThisDevice")}</th><th scope="col">${msg("pkfCompareNewDevice")}</th></tr></thead>
    <tbody>
    <tr<#if c.browserDiffers> class="pkf-mismatch"</#if>><th scope="row">${msg("pkfCompareBrowser")}</th><td>${c.thisBrowser}</td>
        <td id="pkf-other-browser">${c.otherBrowser}<#if c.browserDiffers> <strong class="pkf-flag">${msg("pkfCompareDifferent")}</strong></#if></td></tr>
    <tr<#if c.osDiffers> class="pkf-mismatch"</#if>><th scope="row">${msg("pkfCompareSystem")}</th><td>${c.thisOs}</td>
        <td id="pkf-other-os">${c.otherOs}<#if c.osDiffers> <strong class="pkf-flag">${msg("pkfCompareDifferent")}</strong></#if></td></tr>
    <tr<#if c.networkDiffers> class="pkf-mismatch"</#if>><th scope="row">${msg("pkfCompareNetwork")}</th><td>${c.thisIp}</td>
        <td id="pkf-other-network">${c.otherIp}<#if c.networkDiffers> <strong class="pkf-flag">${msg("pkfCompareDifferent")}</strong></#if></td></tr>
    <#if c.placeKnown>
    <tr<#if c.placeDiffers> class="pkf-mismatch"</#if>><th scope="row">${msg("pkfComparePlace")}</th><td>${c.thisPlace}</td>
        <td id="pkf-other-place">${c.otherPlace}<#if c.placeDiffers> <strong class="pkf-flag">${msg("pkfCompareDifferent")}</strong></#if></td></tr>
    </#if>
    <#if c.otherOpenedAt gt 0>
    <tr><th scope="row">${msg("pkfCompareOpened")}</th><td></td><td><time data-pkf-time="${c.otherOpenedAt?c}">${msg("pkfCompareJustNow")}</time></td></tr>
    </#if>
    </tbody>
</table>
</#macro>
