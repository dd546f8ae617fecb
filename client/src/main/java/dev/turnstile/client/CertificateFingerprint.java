package dev.turnstile.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * The SHA-256 fingerprint of a certificate as people compare it, {@code SHA256:ab:cd:…}: lower-case
 * hex of the digest of its DER encoding, bytes separated by colons. The same digest as
 * {@code keytool -list -v} and {@code openssl x509 -fingerprint -sha256} print, in upper case.
 */
final class CertificateFingerprint {

    static final String PREFIX = "SHA256:";
    private static final int DIGEST_BYTES = 32;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CertificateFingerprint() {
    }

    static String of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            StringBuilder text = new StringBuilder(PREFIX.length() + DIGEST_BYTES * 3);
            text.append(PREFIX);
            for (int i = 0; i < digest.length; i++) {
                if (i > 0) {
                    text.append(':');
                }
                text.append(HEX[(digest[i] >> 4) & 0xf]).append(HEX[digest[i] & 0xf]);
            }
            return text.toString();
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            // Every Java runtime has SHA-256, and a certificate the handshake parsed has an encoding.
            throw new IllegalStateException("cannot take the fingerprint of a certificate", e);
        }
    }

    /**
     * Reads a fingerprint as a person may paste it: with or without {@code SHA256:} (or openssl's
     * {@code sha256 Fingerprint=}), with or without colons, in either case.
     *
     * @return the fingerprint in the form of {@link #of}
     * @throws IllegalArgumentException when it is not 32 bytes of hex
     */
    static String parse(String text) {
        String hex = text.strip();
        String lower = hex.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sha256 fingerprint=")) {
            hex = hex.substring("sha256 fingerprint=".length());
        } else if (lower.startsWith("sha256:")) {
            hex = hex.substring(PREFIX.length());
        }
        hex = hex.replace(":", "").toLowerCase(Locale.ROOT);
        if (hex.length() != DIGEST_BYTES * 2 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("'" + text + "' is not a SHA-256 fingerprint (SHA256: and 32 bytes"
                    + " of hex, as turnstile-cli prints it)");
        }
        StringBuilder normal = new StringBuilder(PREFIX);
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                normal.append(':');
            }
            normal.append(hex, i, i + 2);
        }
        return normal.toString();
    }
}
