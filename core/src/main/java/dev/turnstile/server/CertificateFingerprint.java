package dev.turnstile.server;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/**
 * The SHA-256 fingerprint of a certificate as the server logs it, {@code SHA256:ab:cd:…}: lower-case
 * hex of the digest of its DER encoding, bytes separated by colons. It is the form
 * {@code turnstile-cli} prints when it trusts a server on first use and keeps in its known-servers
 * file, so an operator compares the two by eye; {@code keytool -list -v} prints the same digest in
 * upper case.
 */
final class CertificateFingerprint {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CertificateFingerprint() {
    }

    /**
     * @param certificate a certificate
     * @return its fingerprint, {@code SHA256:} and 32 colon-separated bytes of lower-case hex
     */
    static String of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            StringBuilder text = new StringBuilder("SHA256:".length() + digest.length * 3).append("SHA256:");
            for (int i = 0; i < digest.length; i++) {
                if (i > 0) {
                    text.append(':');
                }
                text.append(HEX[(digest[i] >> 4) & 0xf]).append(HEX[digest[i] & 0xf]);
            }
            return text.toString();
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            // Every Java runtime has SHA-256, and a certificate read from a keystore has an encoding.
            throw new IllegalStateException("cannot take the fingerprint of a certificate", e);
        }
    }
}
