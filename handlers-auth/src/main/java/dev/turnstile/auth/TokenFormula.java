package dev.turnstile.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The token of the original design: the lowercase hex SHA-256 of the UTF-8 bytes of Python's
 * {@code str({'ip': IP, 'hostname': HOSTNAME, 'time_stamp': TS})}. Kept byte-for-byte compatible
 * so that tokens can be checked against the Python server's.
 */
final class TokenFormula {

    private TokenFormula() {
    }

    /**
     * @param ip the client address as {@link IpText} writes it
     * @param hostname the hostname the client sent
     * @param timeStamp the time as {@link TimestampText} writes it
     * @return the 64 lowercase hex characters
     */
    static String token(String ip, String hostname, String timeStamp) {
        byte[] text = text(ip, hostname, timeStamp).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(sha256().digest(text));
    }

    /** The hashed text: what Python's {@code str()} gives for the dict. */
    static String text(String ip, String hostname, String timeStamp) {
        return "{'ip': " + PythonRepr.of(ip)
                + ", 'hostname': " + PythonRepr.of(hostname)
                + ", 'time_stamp': " + PythonRepr.of(timeStamp) + "}";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256, so this cannot happen on a conforming JDK.
            throw new IllegalStateException("this Java runtime lacks SHA-256", e);
        }
    }
}
