package dev.passkeyfirst.keycloak.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.passkeyfirst.keycloak.events.PkfEvent;
import dev.passkeyfirst.keycloak.events.PkfEvents;
import org.junit.jupiter.api.Test;

/**
 * One event catalog (issue 20, item 3): every event the code emits is a {@link PkfEvent}, whose
 * Keycloak event type and meaning are declared there, and {@code docs/events.md} lists them with
 * the details each statement that names it adds (a helper it is handed to may add more). Emitting an action outside the enum, an entry nobody
 * emits, or a table out of date fails the build; the expected table is written to
 * {@code target/events-catalog.md} to copy in.
 */
class EventCatalogTest {

    private static final List<Path> SOURCES = List.of(Path.of("src/main/java"), Path.of("../providers/src/main/java"));
    private static final Path DOC = Path.of("../docs/events.md");
    private static final String START = "<!-- catalog:start -->";
    private static final String END = "<!-- catalog:end -->";

    /** An entry named in code: emitted there, or handed to a helper that emits it. */
    private static final Pattern EMIT = Pattern.compile("PkfEvent\\.([A-Z][A-Z_]+)\\b");
    private static final Pattern SETS_ACTION = Pattern.compile("\\.detail\\(\\s*PkfEvents\\.ACTION\\b");
    private static final Pattern DETAIL = Pattern.compile("\\.detail\\(\\s*(PkfEvents|Details)\\.([A-Z_]+)");

    private static Map<Path, String> sources() throws IOException {
        Map<Path, String> out = new TreeMap<>();
        for (Path root : SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) out.put(f, Files.readString(f));
            }
        }
        return out;
    }

    /** For each action, the details the statements that emit it add (ours by their value, Keycloak's by name). */
    private static Map<PkfEvent, TreeSet<String>> emitted() throws IOException {
        Map<PkfEvent, TreeSet<String>> out = new TreeMap<>();
        for (var source : sources().entrySet()) {
            if (source.getKey().getFileName().toString().equals("PkfEvent.java")) continue;
            String code = source.getValue();
            Matcher m = EMIT.matcher(code);
            while (m.find()) {
                PkfEvent event = PkfEvent.valueOf(m.group(1));
                int end = code.indexOf(';', m.end());
                String statement = code.substring(m.end(), end < 0 ? code.length() : end);
                TreeSet<String> details = out.computeIfAbsent(event, e -> new TreeSet<>());
                Matcher d = DETAIL.matcher(statement);
                while (d.find()) details.add(d.group(1).equals("PkfEvents") ? value(d.group(2)) : "Keycloak " + d.group(2).toLowerCase());
            }
        }
        return out;
    }

    private static String value(String constant) {
        try {
            return (String) PkfEvents.class.getField(constant).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no PkfEvents." + constant, e);
        }
    }

    @Test
    void actionsAreEmittedOnlyThroughTheCatalog() throws IOException {
        List<String> outside = new ArrayList<>();
        for (var e : sources().entrySet()) {
            String name = e.getKey().getFileName().toString();
            if (name.equals("PkfEvent.java") || name.equals("PkfEvents.java")) continue;
            // reading the action (a listener) is fine; writing one is the catalog's alone
            if (SETS_ACTION.matcher(e.getValue()).find() || e.getValue().contains("\"pkf_action\"")) outside.add(e.getKey().toString());
        }
        assertTrue(outside.isEmpty(), "pkf_action set outside PkfEvent: " + outside);
    }

    @Test
    void everyCatalogEntryIsEmitted() throws IOException {
        TreeSet<PkfEvent> unused = new TreeSet<>(List.of(PkfEvent.values()));
        unused.removeAll(emitted().keySet());
        assertTrue(unused.isEmpty(), "in the catalog but emitted nowhere: " + unused);
    }

    @Test
    void docsEventsListsTheCatalog() throws IOException {
        Map<PkfEvent, TreeSet<String>> emitted = emitted();
        StringBuilder table = new StringBuilder();
        table.append("| `pkf_action` | Keycloak event type | when | details added |\n|---|---|---|---|\n");
        for (PkfEvent e : PkfEvent.values()) {
            TreeSet<String> details = emitted.getOrDefault(e, new TreeSet<>());
            table.append("| `").append(e.action()).append("` | `").append(e.type.name()).append("` | ")
                    .append(e.when.replace("|", "\\|")).append(" | ")
                    .append(details.isEmpty() ? "" : String.join(", ", details.stream().map(d -> d.startsWith("Keycloak ") ? d : "`" + d + "`").toList()))
                    .append(" |\n");
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/events-catalog.md"), table.toString());
        String doc = Files.readString(DOC);
        int from = doc.indexOf(START);
        int to = doc.indexOf(END);
        assertTrue(from >= 0 && to > from, DOC + " holds the table between " + START + " and " + END);
        assertEquals(table.toString().trim(), doc.substring(from + START.length(), to).trim(),
                DOC + " is out of date: the table in target/events-catalog.md is what the code emits");
    }
}
