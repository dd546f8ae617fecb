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
}
