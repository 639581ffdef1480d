<#-- The frame of every HTML email of ours, whatever email theme the realm uses. A whole document, with its language, direction and
     a title, so that a mail client, a browser showing the message, or a screen reader announces what
     it is and reads it in the right language. -->
<#macro emailLayout>
<!DOCTYPE html>
<html lang="${locale.language}" dir="${(ltr)?then('ltr', 'rtl')}">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${realmName!""}</title>
</head>
<body style="font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; line-height: 1.5; color: #151515;">
<main>
<#nested>
</main>
</body>
</html>
</#macro>
