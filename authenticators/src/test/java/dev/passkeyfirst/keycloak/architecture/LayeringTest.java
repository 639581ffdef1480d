package dev.passkeyfirst.keycloak.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §6: flows sit side by side, and what two flows share sits a floor below them. A flow that
 * needs another flow's class means something shared is in the wrong place; this test fails the
 * build before that becomes a chain of flows importing each other.
 *
 * <p>Checked twice: on the compiled classes (ArchUnit sees every use, fully qualified names too) and
 * on the sources (javac copies a constant into the class that uses it, so a constant borrowed from
 * another flow leaves no trace in the bytecode).
 */
class LayeringTest {

    static final String ROOT = "dev.passkeyfirst.keycloak";
    /** The flows; each is a package directly below {@link #ROOT}. */
    static final List<String> FLOWS = List.of("login", "register", "enroll", "recovery", "devices", "fallback",
            "migrate", "activity", "admin");
    /** The floor below: what flows share. */
    static final List<String> FLOOR = List.of("vocabulary", "common", "session", "account", "webauthn", "ceremony", "link");

    private static final Path SOURCES = Path.of("src/main/java/dev/passkeyfirst/keycloak");

    /** This module's own compiled classes: what it ships, without scanning Keycloak's jars. */
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(Path.of("target/classes"));

    @Test
    void noFlowUsesAnotherFlow() {
        for (String flow : FLOWS) {
            String[] others = FLOWS.stream().filter(f -> !f.equals(flow)).map(f -> ROOT + "." + f + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(ROOT + "." + flow + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    void theFloorBelowUsesNoFlow() {
        String[] flows = FLOWS.stream().map(f -> ROOT + "." + f + "..").toArray(String[]::new);
        String[] floor = FLOOR.stream().map(f -> ROOT + "." + f + "..").toArray(String[]::new);
        noClasses().that().resideInAnyPackage(floor)
                .should().dependOnClassesThat().resideInAnyPackage(flows)
                .check(classes);
    }

    @Test
    void everyPackageIsAFlowOrOnTheFloor() throws IOException {
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(p -> !FLOWS.contains(p) && !FLOOR.contains(p)).forEach(unknown::add);
        }
        assertEquals(List.of(), unknown, "a package that is neither a flow nor on the floor: say which in LayeringTest and docs/architecture.md");
    }

    @Test
    void noSourceNamesAnotherFlowOrANamesAFlowFromBelow() throws IOException {
        Pattern named = Pattern.compile(Pattern.quote(ROOT + ".") + "(" + String.join("|", FLOWS) + ")\\.");
        List<String> crossings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(f).getName(0).toString();
                Matcher m = named.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) crossings.add(SOURCES.relativize(f) + " names " + m.group(1));
                }
            }
        }
        assertTrue(crossings.isEmpty(), "flows side by side (DESIGN §6):\n" + String.join("\n", crossings));
    }
}
