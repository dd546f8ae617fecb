package dev.turnstile.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 to UTF-16 decoding into a reused char array: one pass that both validates and
 * decodes, so the parser reads chars without a {@code String} or a per-request decoder buffer.
 * A text may be decoded in pieces ({@link #start}, then {@link #append} for each), which lets the
 * request decoder leave out the bodies of {@link LongStrings}.
 * Rejects what RFC 3629 forbids: overlong forms, surrogate code points, values past U+10FFFF,
 * stray continuation bytes and truncated sequences.
 */
final class Utf8Decoder {

    /** ASCII runs at least this long are widened by the JDK's Latin-1 decoder (see {@link #widen}). */
    static final int BULK = 64;

    private final CharsetDecoder latin1 = StandardCharsets.ISO_8859_1.newDecoder();
    private char[] chars = new char[4096];
    private int length;

    /** @return the chars decoded since the last {@link #start} */
    char[] chars() {
        return chars;
    }

    /** @return how many of {@link #chars()} are decoded */
    int length() {
        return length;
    }

    /**
     * Begins a new text.
     *
     * @param bytes how many bytes will be appended in all, at most: UTF-8 never takes fewer bytes
     *     than UTF-16 takes chars, so that many chars always suffice
     */
    void start(int bytes) {
        if (chars.length < bytes) {
            chars = new char[Math.max(bytes, chars.length * 2)];
        }
        length = 0;
    }

    /**
     * Decodes {@code src[from, to)} after the chars already decoded. A piece must not end inside a
     * multi-byte sequence.
     *
     * @return false if the bytes are not UTF-8
     */
    boolean append(byte[] src, int from, int to) {
        char[] dst = chars;
        int end = to;
        int i = from;
        int n = length;
        while (i < end) {
            int b = src[i];
            if (b >= 0) {
                // Most requests are ASCII: find the whole run first, then widen it at once,
                // instead of testing and branching per byte.
                int run = asciiRun(src, i, end);
                if (run >= BULK) {
                    widen(src, i, run, dst, n);
                } else {
                    for (int k = 0; k < run; k++) {
                        dst[n + k] = (char) src[i + k];
                    }
                }
                n += run;
                i += run;
                continue;
            }
            b &= 0xFF;
            if (b < 0xC2) {
                return false; // continuation byte without a lead, or an overlong two-byte form
            }
            if (b < 0xE0) {
                if (i + 1 >= end || !continuation(src[i + 1])) {
                    return false;
                }
                dst[n++] = (char) (((b & 0x1F) << 6) | (src[i + 1] & 0x3F));
                i += 2;
            } else if (b < 0xF0) {
                if (i + 2 >= end || !continuation(src[i + 1]) || !continuation(src[i + 2])) {
                    return false;
                }
                int c = ((b & 0x0F) << 12) | ((src[i + 1] & 0x3F) << 6) | (src[i + 2] & 0x3F);
                if (c < 0x800 || Character.isSurrogate((char) c)) {
                    return false;
                }
                dst[n++] = (char) c;
                i += 3;
            } else if (b < 0xF5) {
                if (i + 3 >= end || !continuation(src[i + 1]) || !continuation(src[i + 2])
                        || !continuation(src[i + 3])) {
                    return false;
                }
                int c = ((b & 0x07) << 18) | ((src[i + 1] & 0x3F) << 12) | ((src[i + 2] & 0x3F) << 6)
                        | (src[i + 3] & 0x3F);
                if (c < 0x10000 || c > Character.MAX_CODE_POINT) {
                    return false;
                }
                dst[n++] = Character.highSurrogate(c);
                dst[n++] = Character.lowSurrogate(c);
                i += 4;
            } else {
                return false;
            }
        }
        length = n;
        return true;
    }

    /**
     * Widens ASCII bytes to chars through the JDK's Latin-1 decoder, whose array loop is the JVM's
     * vectorised inflate intrinsic: about eight times faster than a loop of ours on Java 17, which
     * does not vectorise a byte-to-char conversion. Each call costs two small buffer wrappers, hence
     * only for long runs.
     */
    private void widen(byte[] src, int from, int length, char[] dst, int at) {
        latin1.reset();
        latin1.decode(ByteBuffer.wrap(src, from, length), CharBuffer.wrap(dst, at, length), true);
    }

    /** @return how many bytes from {@code from} on are ASCII, at least one (the caller checked it) */
    private static int asciiRun(byte[] src, int from, int end) {
        int i = from;
        // Eight bytes per step: a long whose bytes all have the top bit clear is eight ASCII bytes.
        while (i + 8 <= end && !ByteWords.anyHigh(ByteWords.read(src, i))) {
            i += 8;
        }
        while (i < end && src[i] >= 0) {
            i++;
        }
        return i - from;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
