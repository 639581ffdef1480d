package dev.passkeyfirst.themes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every word is translated: no key missing in a locale, no key used in a page or in Java that no locale has. */
class MessagesTest {

    private static final Path MESSAGES = Path.of("src/main/resources/theme-resources/messages");
    private static final Path TEMPLATES = Path.of("src/main/resources/theme-resources/templates");
    private static final Path JAVA = Path.of("../authenticators/src/main/java");

    private static Properties load(String locale) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(MESSAGES.resolve("messages_" + locale + ".properties"))) {
            p.load(in);
        }
        return p;
    }

    /** Every locale the theme ships: the message files beside English. */
    static List<String> shippedLocales() throws IOException {
        try (Stream<Path> files = Files.list(MESSAGES)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("messages_") && n.endsWith(".properties"))
                    .map(n -> n.substring("messages_".length(), n.length() - ".properties".length()))
                    .filter(l -> !l.equals("en")).sorted().toList();
        }
    }

    @Test
    void theThemeDeclaresEveryShippedLocale() throws IOException {
        Properties theme = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/theme/passkey-first/login/theme.properties"))) {
            theme.load(in);
        }
        Set<String> declared = new TreeSet<>(List.of(theme.getProperty("locales").split(",")));
        for (String locale : shippedLocales()) {
            assertTrue(declared.contains(locale.replace('_', '-')), "theme.properties locales lacks " + locale);
        }
    }

    @Test
    void noValueHoldsAPlainApostrophe() throws IOException {
        // Keycloak runs every message through MessageFormat, which swallows a lone ' (write \u2019)
        List<String> all = new java.util.ArrayList<>(shippedLocales());
        all.add("en");
        for (String locale : all) {
            Properties p = load(locale);
            for (String key : p.stringPropertyNames()) {
                String v = p.getProperty(key);
                assertTrue(!v.matches(".*(?<!')'(?!').*"), locale + " " + key + " holds a plain apostrophe: " + v);
            }
        }
    }

    @Test
    void everyLocaleHasEveryKey() throws IOException {
        Properties en = load("en");
        for (String locale : shippedLocales()) {
            Set<String> missing = new TreeSet<>(en.stringPropertyNames());
            missing.removeAll(load(locale).stringPropertyNames());
            assertTrue(missing.isEmpty(), locale + " lacks " + missing);
            Set<String> extra = new TreeSet<>(load(locale).stringPropertyNames());
            extra.removeAll(en.stringPropertyNames());
            assertTrue(extra.isEmpty(), locale + " has keys English lacks: " + extra);
        }
    }

    @Test
    void everyKeyUsedInPagesAndCodeExists() throws IOException {
        Set<String> known = load("en").stringPropertyNames();
        Set<String> used = new TreeSet<>();
        // in pages every msg("pkf..."); in Java every "pkf..." literal that is not a template attribute name
        Pattern inPages = Pattern.compile("msg\\(\"(pkf[A-Z][A-Za-z_]+)\"");
        Pattern inJava = Pattern.compile("(?<!setAttribute\\()\"(pkf[A-Z][A-Za-z_]+)\"");
        for (Path root : List.of(TEMPLATES, JAVA)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Matcher m = (root == JAVA ? inJava : inPages).matcher(Files.readString(f));
                    while (m.find()) used.add(m.group(1));
                }
            }
        }
        // keys built at run time from an enum's names (pkfEnrollment + THIS_DEVICE): the prefix must start real keys
        for (String prefix : List.of("pkfEnrollment", "pkfWayBack", "pkfPasswordBlocked", "pkfErrorPasswordRemoval", "pkfActivity_")) {
            used.remove(prefix);
            assertTrue(known.stream().anyMatch(k -> k.startsWith(prefix) && k.length() > prefix.length()), "no key starts with " + prefix);
        }
        // template attributes the pages read as variables (pkfLink.view, pkfAccountUrl) are not message keys
        Pattern variable = Pattern.compile("(?<![\\w\"])(pkf[A-Z][A-Za-z_]+)(?=[.!?}])");
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Matcher m = variable.matcher(Files.readString(f).replaceAll("msg\\(\"[^\"]*\"", ""));
                while (m.find()) used.remove(m.group(1));
            }
        }
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(known);
        assertTrue(missing.isEmpty(), "used but not in messages_en: " + missing);
    }
}
