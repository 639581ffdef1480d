package dev.passkeyfirst.keycloak.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;

import dev.passkeyfirst.keycloak.util.Secrets;
import java.util.Map;
import java.util.Set;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.Binarizer;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.common.BitArray;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

class EnrollLogicTest {

    @Test
    void theQrCodeDecodesToTheLinkAndTheSvgDrawsEveryModule() throws Exception {
        String link = "https://id.example.org/realms/demo/passkey-first/pair/" + Secrets.id();
        BitMatrix m = QrCode.matrix(link);
        String decoded = new QRCodeReader().decode(new BinaryBitmap(new MatrixBinarizer(m)), Map.of(DecodeHintType.PURE_BARCODE, true)).getText();
        assertEquals(link, decoded);
        String svg = QrCode.svg(link, "QR code for \"<the link>\"");
        int dark = 0;
        for (int y = 0; y < m.getHeight(); y++) for (int x = 0; x < m.getWidth(); x++) if (m.get(x, y)) dark++;
        assertEquals(dark, svg.split("h1v1h-1z", -1).length - 1);
        assertTrue(svg.contains("aria-label=\"QR code for &quot;&lt;the link&gt;&quot;\""), svg.substring(0, 200));
    }

    @Test
    void pairingIdsCarry128RandomBitsAndCodesSixDigits() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) ids.add(Secrets.id());
        assertEquals(1000, ids.size());
        ids.forEach(id -> assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id));
        for (int i = 0; i < 1000; i++) assertTrue(Pairing.newCode().matches("\\d{6}"));
    }

    @Test
    void theApprovalChallengeBindsPairingPasskeyAndCode() {
        String c = AddDeviceAction.approvalChallenge("n", "pairing", "pending", "123456");
        assertEquals(c, AddDeviceAction.approvalChallenge("n", "pairing", "pending", "123456"));
        assertNotEquals(c, AddDeviceAction.approvalChallenge("n", "pairing", "pending", "123457"));
        assertNotEquals(c, AddDeviceAction.approvalChallenge("n", "other", "pending", "123456"));
        assertNotEquals(c, AddDeviceAction.approvalChallenge("n", "pairing", "other", "123456"));
        assertNotEquals(c, AddDeviceAction.approvalChallenge("m", "pairing", "pending", "123456"));
    }

    @Test
    void theComparisonFlagsWhatDiffers() {
        DeviceComparison same = new DeviceComparison("Chrome on Linux", "10.0.0.5", "Chrome on Linux", "10.0.0.77", 1L);
        assertFalse(same.isAnyDifference());
        DeviceComparison phone = new DeviceComparison("Safari on macOS", "203.0.113.9", "Chrome on Android", "198.51.100.4", 1L);
        assertTrue(phone.isBrowserDiffers() && phone.isOsDiffers() && phone.isNetworkDiffers());
        assertEquals("Android", phone.getOtherOs());
        assertTrue(new DeviceComparison("Chrome on Linux", "evil.example", "Chrome on Linux", "10.0.0.1", null).isNetworkDiffers(),
                "host names are never resolved and count as different");
    }

    /** Hands ZXing's reader the matrix as it is: the test checks encoding, not image processing. */
    private static final class MatrixBinarizer extends Binarizer {
        private final BitMatrix matrix;

        MatrixBinarizer(BitMatrix matrix) {
            super(new LuminanceSource(matrix.getWidth(), matrix.getHeight()) {
                @Override public byte[] getRow(int y, byte[] row) { return new byte[getWidth()]; }
                @Override public byte[] getMatrix() { return new byte[getWidth() * getHeight()]; }
            });
            this.matrix = matrix;
        }

        @Override public BitArray getBlackRow(int y, BitArray row) { return matrix.getRow(y, row); }
        @Override public BitMatrix getBlackMatrix() { return matrix; }
        @Override public Binarizer createBinarizer(LuminanceSource source) { return this; }
    }
}
