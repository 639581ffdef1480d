package dev.passkeyfirst.keycloak.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The Grafana dashboard in docker/ reads only metrics we export, and the listener names closed sets of words. */
class DashboardTest {

    private static final Set<String> EXPORTED = Set.of(PkfMetricsListener.EVENTS + "_total", PkfMetricsListener.SIGN_INS + "_total",
            PkfMetricsListener.SIGN_IN_FAILURES + "_total", AdoptionGauges.USERS, AdoptionGauges.WITH_PASSKEY,
            AdoptionGauges.BY_PROVIDER, AdoptionGauges.WAITING_RECOVERIES, AdoptionGauges.COUNTED);

    @Test
    void everyQueryNamesAMetricWeExport() throws IOException {
        String dashboard = Files.readString(Path.of("../docker/grafana-passkey-first.json"));
        Matcher m = Pattern.compile("pkf_[a-z_]+").matcher(dashboard);
        Set<String> named = new TreeSet<>();
        while (m.find()) named.add(m.group());
        assertFalse(named.isEmpty());
        named.removeAll(EXPORTED);
        assertTrue(named.isEmpty(), "the dashboard reads metrics nobody exports: " + named);
    }

    @Test
    void freeTextNeverBecomesALabel() {
        assertTrue(PkfMetricsListener.word("pkfErrorPasskeyCancelled").equals("pkfErrorPasskeyCancelled"));
        assertTrue(PkfMetricsListener.word("someone@example.org").equals("other"));
        assertTrue(PkfMetricsListener.word("a b").equals("other"));
    }
}
