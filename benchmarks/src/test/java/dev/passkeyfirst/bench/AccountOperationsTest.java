package dev.passkeyfirst.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;

import dev.passkeyfirst.testsupport.WebClient.Page;
import org.junit.jupiter.api.Test;

/** What the account operations read from our pages, and how they compare a known account's answer with an unknown one's. */
class AccountOperationsTest {

    private static Page page(String body) {
        return new Page(200, "http://localhost:28080/realms/bench/login-actions/reset-credentials?client_id=bench-ours", body, Map.of());
    }

    private static String sent(String typed, String action) {
        return """
                <html><body data-page-id="login-pkf-recovery">
                <div id="pkf-recovery" class="pkf" data-pkf-view="sent">
                  <p id="pkf-sent">If an account %s exists, we sent a link. It works for 15 minutes.</p>
                  <form action="%s" method="post">
                    <button type="submit" name="pkf.useCode" value="1" id="pkf-use-code">Use a recovery code</button>
                    <button type="submit" name="pkf.restart" value="1" id="pkf-restart">Start over</button>
                  </form>
                </div></body></html>
                """.formatted(typed, action);
    }

    @Test
    void theSamePageForAnyNameHasOneShapeWhateverItEchoesAndWhereverItPosts() {
        String known = PageScripts.shape(page(sent("user0001@bench.example", "/realms/bench/login-actions/reset-credentials?session_code=a&tab_id=x")));
        String unknown = PageScripts.shape(page(sent("nobody0001@bench.example", "/realms/bench/login-actions/reset-credentials?session_code=b&tab_id=y")));
        assertEquals(known, unknown);
        assertEquals("none", AccountOperations.firstDifference(known, unknown));
    }

    @Test
    void anotherViewOrAnExtraElementIsAnotherShape() {
        String sent = PageScripts.shape(page(sent("a", "/x")));
        String identify = PageScripts.shape(page(sent("a", "/x").replace("data-pkf-view=\"sent\"", "data-pkf-view=\"identify\"")));
        String withError = PageScripts.shape(page(sent("a", "/x").replace("<div id=\"pkf-recovery\"",
                "<div class=\"alert\"><span class=\"kc-feedback-text\">Too many</span></div><div id=\"pkf-recovery\"")));
        assertNotEquals(sent, identify);
        assertNotEquals(sent, withError);
        assertEquals("element 2: 'div id=pkf-recovery data-pkf-view=sent' vs 'div id=pkf-recovery data-pkf-view=identify'",
                AccountOperations.firstDifference(sent, identify));
        assertEquals("element count 3 vs 2", AccountOperations.firstDifference("a|b|c", "a|b"));
    }

    @Test
    void theStatusPollAsksForItsOwnTab() {
        Page waiting = new Page(200, "http://localhost:28080/realms/bench/login-actions/required-action?execution=pkf-add-device&client_id=bench-ours&tab_id=t1", """
                <html><body data-page-id="login-pkf-add-device">
                <div id="pkf-add-device" data-pkf-view="waiting" data-pkf-status-url="/realms/bench/passkey-first/pairing-status" data-pkf-state="WAITING">
                <form id="pkf-refresh-form" action="http://localhost:28080/realms/bench/login-actions/required-action?session_code=c&amp;execution=pkf-add-device&amp;client_id=bench-ours&amp;tab_id=Tab_9-x&amp;client_data=e" method="post" hidden>
                <input type="hidden" name="pkf.refresh" value="1"></form></div></body></html>
                """, Map.of());
        assertEquals("http://localhost:28080/realms/bench/passkey-first/pairing-status?tab_id=Tab_9-x",
                PageScripts.pairingStatusUrl(waiting, "pkf-add-device"));
    }

    @Test
    void unknownNamesAreOnePerAccountAndNobodys() {
        assertEquals("nobody0007@bench.example", AccountOperations.unknownName(new BenchUser(7, "pw", null, null, 0)));
    }
}
