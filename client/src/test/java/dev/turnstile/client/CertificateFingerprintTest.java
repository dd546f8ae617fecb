package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CertificateFingerprintTest {

    private static final String HEX = "0123456789abcdef".repeat(4);
    private static final String NORMAL = "SHA256:" + HEX.replaceAll("(..)(?!$)", "$1:");

    @Test
    void aFingerprintIsReadWithOrWithoutPrefixColonsAndCase() {
        assertEquals(NORMAL, CertificateFingerprint.parse(NORMAL));
        assertEquals(NORMAL, CertificateFingerprint.parse(HEX.toUpperCase()));
        assertEquals(NORMAL, CertificateFingerprint.parse("sha256 Fingerprint=" + NORMAL.substring(7).toUpperCase()));
        assertEquals(NORMAL, CertificateFingerprint.parse("  sha256:" + HEX + "  "));
    }

    @Test
    void anythingButThirtyTwoBytesOfHexIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CertificateFingerprint.parse("SHA256:abcd"));
        assertThrows(IllegalArgumentException.class, () -> CertificateFingerprint.parse(HEX.substring(2) + "zz"));
        assertThrows(IllegalArgumentException.class, () -> CertificateFingerprint.parse(HEX + "00"));
        assertThrows(IllegalArgumentException.class, () -> CertificateFingerprint.parse("MD5:" + HEX));
    }
}
