package dev.turnstile.json;

import java.nio.charset.StandardCharsets;

/** Makes client-supplied text safe to echo in an error message or a log line. */
public final class Printable {

    private static final int MAX = 128;

    private Printable() {
    }

    /**
     * @param text any text from a client
     * @return at most 128 characters of it, with control characters as a backslash, {@code u} and four hex digits
     */
    public static String clip(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 8);
        for (int i = 0; i < text.length() && out.length() < MAX; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= MAX && text.length() > MAX) {
            out.append('…');
        }
        return out.toString();
    }

    /**
     * @return at most 128 bytes of a raw request for a log line, non-printable bytes as {@code .}
     */
    public static String clip(byte[] buf, int offset, int length) {
        int n = Math.min(length, MAX);
        byte[] copy = new byte[n];
        for (int i = 0; i < n; i++) {
            byte b = buf[offset + i];
            copy[i] = b >= 0x20 && b < 0x7F ? b : (byte) '.';
        }
        return new String(copy, StandardCharsets.US_ASCII) + (length > n ? "…" : "");
    }
}
