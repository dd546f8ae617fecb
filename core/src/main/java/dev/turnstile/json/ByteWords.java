package dev.turnstile.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time: reads a {@code long} from a byte array and tests all of its bytes at once
 * (the "SWAR" tricks), so that the framer, the UTF-8 decoder and the encoder can skip the long
 * plain runs of a large request or answer without a branch per byte.
 */
final class ByteWords {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = repeat('"');
    private static final long BACKSLASHES = repeat('\\');
    private static final long SPACES = repeat(' ');

    private ByteWords() {
    }

    /** @return the eight bytes at {@code index} as one word, the first in the lowest bits */
    static long read(byte[] bytes, int index) {
        return (long) LONGS.get(bytes, index);
    }

    /** @return {@code b} in each of the eight bytes of a word */
    static long repeat(char b) {
        return ONES * b;
    }

    /** @return whether any byte of {@code word} has its top bit set (is not ASCII) */
    static boolean anyHigh(long word) {
        return (word & HIGH_BITS) != 0;
    }

    /**
     * @param repeated a byte value {@linkplain #repeat repeated} eight times
     * @return whether any byte of {@code word} equals it: that byte becomes zero after the XOR, and
     *     {@code (x - 0x01..) & ~x & 0x80..} is non-zero exactly when some byte of {@code x} is zero
     */
    static boolean anyEqual(long word, long repeated) {
        long x = word ^ repeated;
        return ((x - ONES) & ~x & HIGH_BITS) != 0;
    }

    /**
     * @param repeated a byte value of at most 0x80 {@linkplain #repeat repeated} eight times
     * @return whether any byte of {@code word} is below it; exact only when every byte is ASCII
     */
    static boolean anyBelow(long word, long repeated) {
        return ((word - repeated) & ~word & HIGH_BITS) != 0;
    }

    /**
     * @return the first index from {@code from} on whose byte a JSON string cannot carry as it is in
     *     plain ASCII ({@code "}, {@code \}, a control character, or any non-ASCII byte), or
     *     {@code end} when there is none
     */
    static int plainEnd(byte[] bytes, int from, int end) {
        int i = from;
        while (i + 8 <= end) {
            long w = read(bytes, i);
            // anyBelow is exact only for ASCII words, hence anyHigh first.
            if (anyHigh(w) || anyEqual(w, QUOTES) || anyEqual(w, BACKSLASHES) || anyBelow(w, SPACES)) {
                break;
            }
            i += 8;
        }
        while (i < end) {
            byte b = bytes[i];
            if (b < 0x20 || b == '"' || b == '\\') {
                return i;
            }
            i++;
        }
        return end;
    }
}
