package dev.turnstile.json;

import dev.turnstile.spi.Attachment;
import dev.turnstile.spi.Response;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes responses as JSON lines: {@code code} first, then the request's {@code id}, then the
 * body, then, for a response with an attachment, {@code "attachment": N} as the last member, then
 * {@code \n}, after which the attachment is queued in the {@link OutputBuffer}. Hand-written because it is the hot path: ASCII goes straight into the
 * buffer, integers are written digit by digit, and nothing builds an intermediate {@code String}.
 *
 * <p>Strings are escaped so that a response is always one line: {@code "}, {@code \}, control
 * characters, U+2028/U+2029 and unpaired surrogates become escapes; everything else is UTF-8.
 */
public final class ResponseEncoder {

    private static final int MAX_DEPTH = 1000;
    static final int CHUNK = 1024;
    /** Strings at least this long are first tried whole as plain ASCII (see {@link #writtenPlain}). */
    static final int BULK = 64;
    private static final byte[] CODE = "{\"code\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = ",\"id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ATTACHMENT = ",\"attachment\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final long QUOTES = ByteWords.repeat('"');
    private static final long BACKSLASHES = ByteWords.repeat('\\');
    private static final long SPACES = ByteWords.repeat(' ');
    private static final long QUESTION_MARKS = ByteWords.repeat('?');
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private ResponseEncoder() {
    }

    /**
     * Appends one response line, and queues its attachment, if any, after it. On failure nothing is
     * appended or queued (the caller still owns the attachment).
     *
     * @param response the response
     * @param hasId whether the request carried an {@code id}
     * @param id the request's {@code id} (may be {@code null} even when present)
     * @param out where to append
     * @throws IllegalArgumentException when the body holds a value JSON cannot express
     */
    public static void encode(Response response, boolean hasId, Object id, OutputBuffer out) {
        int mark = out.mark();
        try {
            out.put(CODE);
            writeLong(response.code(), out);
            if (hasId) {
                out.put(ID);
                writeValue(id, out, 0);
            }
            for (Map.Entry<String, ?> member : response.body().entrySet()) {
                out.put((byte) ',');
                writeString(member.getKey(), out);
                out.put((byte) ':');
                writeValue(member.getValue(), out, 1);
            }
            Attachment attachment = response.attachment();
            if (attachment != null) {
                out.put(ATTACHMENT);
                writeLong(attachment.size(), out);
            }
            out.put((byte) '}');
            out.put((byte) '\n');
        } catch (RuntimeException | StackOverflowError e) {
            out.rollback(mark);
            throw e instanceof IllegalArgumentException iae ? iae
                    : new IllegalArgumentException("cannot write the response as JSON", e);
        }
        if (response.attachment() != null) {
            out.attach(response.attachment());
        }
    }

    private static void writeValue(Object value, OutputBuffer out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("response nests deeper than " + MAX_DEPTH + " levels (a cycle?)");
        }
        if (value == null) {
            out.put(NULL);
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Boolean b) {
            out.put(b ? TRUE : FALSE);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            writeLong(((Number) value).longValue(), out);
        } else if (value instanceof BigInteger || value instanceof BigDecimal) {
            writeAscii(value.toString(), out);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            writeAscii(value.toString(), out);
        } else if (value instanceof Map<?, ?> map) {
            out.put((byte) '{');
            boolean first = true;
            for (Map.Entry<?, ?> member : map.entrySet()) {
                if (!(member.getKey() instanceof String name)) {
                    throw new IllegalArgumentException("a JSON object's member names must be strings");
                }
                if (!first) {
                    out.put((byte) ',');
                }
                first = false;
                writeString(name, out);
                out.put((byte) ':');
                writeValue(member.getValue(), out, depth + 1);
            }
            out.put((byte) '}');
        } else if (value instanceof Iterable<?> items) {
            out.put((byte) '[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.put((byte) ',');
                }
                first = false;
                writeValue(item, out, depth + 1);
            }
            out.put((byte) ']');
        } else if (value instanceof CharSequence text) {
            writeString(text.toString(), out);
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void writeAscii(String text, OutputBuffer out) {
        int n = text.length();
        out.ensure(n);
        byte[] a = out.array();
        int t = out.tail();
        for (int i = 0; i < n; i++) {
            a[t + i] = (byte) text.charAt(i);
        }
        out.advance(n);
    }

    static void writeLong(long value, OutputBuffer out) {
        if (value == Long.MIN_VALUE) {
            writeAscii(Long.toString(value), out);
            return;
        }
        out.ensure(20);
        byte[] a = out.array();
        int t = out.tail();
        if (value < 0) {
            a[t++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = t + digits - 1; i >= t; i--) {
            a[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        out.advance(t + digits - out.tail());
    }

    static void writeString(String s, OutputBuffer out) {
        int n = s.length();
        if (n >= BULK && writtenPlain(s, n, out)) {
            return;
        }
        out.put((byte) '"');
        char[] cs = out.chars();
        int i = 0;
        while (i < n) {
            // A chunk at a time: the JDK copies the chars out in bulk (for a Latin-1 string an
            // intrinsic widening), so the loop below reads a plain array, not String.charAt with
            // its checks. One char more than the chunk is copied, so that a surrogate pair split
            // by the chunk's end is still seen whole. The output reserves the worst case, six
            // bytes per char, a chunk at a time, so a long string does not reserve six times its size.
            int chunk = Math.min(n - i, CHUNK);
            int copied = Math.min(n - i, CHUNK + 1);
            s.getChars(i, i + copied, cs, 0);
            out.ensure((chunk + 1) * 6);
            byte[] a = out.array();
            int t = out.tail();
            if (copiedPlain(cs, chunk, a, t)) {
                out.advance(chunk);
                i += chunk;
                continue;
            }
            int k = 0;
            while (k < chunk) {
                char c = cs[k];
                if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                    a[t++] = (byte) c;
                    k++;
                    continue;
                }
                if (c >= 0x20 && c < 0x80) {
                    a[t++] = '\\';
                    a[t++] = (byte) c;
                } else if (c < 0x20) {
                    t = escape(c, a, t);
                } else if (c < 0x800) {
                    a[t++] = (byte) (0xC0 | (c >> 6));
                    a[t++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isHighSurrogate(c) && k + 1 < copied && Character.isLowSurrogate(cs[k + 1])) {
                    int cp = Character.toCodePoint(c, cs[++k]);
                    a[t++] = (byte) (0xF0 | (cp >> 18));
                    a[t++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    a[t++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    a[t++] = (byte) (0x80 | (cp & 0x3F));
                } else if (Character.isSurrogate(c) || c == 0x2028 || c == 0x2029) {
                    // An unpaired surrogate has no UTF-8 form; the line separators trip naive line readers.
                    t = escape(c, a, t);
                } else {
                    a[t++] = (byte) (0xE0 | (c >> 12));
                    a[t++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    a[t++] = (byte) (0x80 | (c & 0x3F));
                }
                k++;
            }
            out.advance(t - out.tail());
            i += k;
        }
        out.put((byte) '"');
    }

    /**
     * The common case of a long string, whole: plain ASCII, nothing to escape. The JDK's UTF-8
     * encoder gets a Latin-1 string's bytes with a vectorised check for high bits and one copy, so
     * this costs a copy, an eight-bytes-at-a-time check and a copy into the output, against a char
     * at a time below. One byte per char means every char was ASCII, or an unpaired surrogate,
     * which the JDK turns into {@code ?}: a string whose bytes hold a {@code ?} is left to the
     * careful path.
     *
     * @return whether the string was written; if not, nothing was
     */
    private static boolean writtenPlain(String s, int n, OutputBuffer out) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length != n) {
            return false;
        }
        // ByteWords.plainEnd, with the question mark as one more byte to stop at: a second pass
        // for it alone would read the bytes twice.
        int k = 0;
        for (; k + 8 <= n; k += 8) {
            long w = ByteWords.read(bytes, k);
            if (ByteWords.anyEqual(w, QUOTES) || ByteWords.anyEqual(w, BACKSLASHES) || ByteWords.anyBelow(w, SPACES)
                    || ByteWords.anyEqual(w, QUESTION_MARKS)) {
                return false;
            }
        }
        for (; k < n; k++) {
            byte b = bytes[k];
            if (b < 0x20 || b == '"' || b == '\\' || b == '?') {
                return false;
            }
        }
        out.ensure(n + 2);
        byte[] a = out.array();
        int t = out.tail();
        a[t] = '"';
        System.arraycopy(bytes, 0, a, t + 1, n);
        a[t + n + 1] = '"';
        out.advance(n + 2);
        return true;
    }

    /**
     * The common case in bulk: copies the chunk as bytes, then checks that it needed nothing else
     * (every char ASCII, none of them {@code "}, {@code \\} or a control character), eight bytes
     * at a time. When it did, the caller writes the chunk again, char by char, over this copy.
     */
    private static boolean copiedPlain(char[] cs, int n, byte[] a, int t) {
        int seen = 0;
        for (int k = 0; k < n; k++) {
            char c = cs[k];
            seen |= c;
            a[t + k] = (byte) c;
        }
        return seen < 0x80 && ByteWords.plainEnd(a, t, t + n) == t + n;
    }

    private static int escape(char c, byte[] a, int t) {
        a[t++] = '\\';
        switch (c) {
            case '\n' -> a[t++] = 'n';
            case '\r' -> a[t++] = 'r';
            case '\t' -> a[t++] = 't';
            case '\b' -> a[t++] = 'b';
            case '\f' -> a[t++] = 'f';
            default -> {
                a[t++] = 'u';
                a[t++] = HEX[(c >> 12) & 0xF];
                a[t++] = HEX[(c >> 8) & 0xF];
                a[t++] = HEX[(c >> 4) & 0xF];
                a[t++] = HEX[c & 0xF];
            }
        }
        return t;
    }
}
