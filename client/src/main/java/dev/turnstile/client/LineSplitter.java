package dev.turnstile.client;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Cuts the server's byte stream into answer lines. Bytes are read straight into one buffer, grown
 * to hold the longest line seen, scanned once for newlines, and each line is handed over as a slice
 * of that buffer: a 1.4 MB {@code /get_file_data} answer is neither copied nor decoded on its way
 * to the request that reads it. Keeps its scan index across reads, so no byte is scanned twice.
 *
 * <p>Not thread-safe: the client's reader thread owns it.
 */
final class LineSplitter {

    /** Takes each complete line; the slice is valid only during the call. */
    @FunctionalInterface
    interface Sink {
        void line(byte[] buffer, int offset, int length) throws IOException;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';

    private byte[] buffer;
    /** Where the line being read begins. */
    private int start;
    /** How far the buffer has been searched for a newline. */
    private int scanned;
    /** Where the bytes read so far end. */
    private int end;
    /** The longest line so far, newline included: the room kept free behind a line's start. */
    private int longest;

    LineSplitter(int initialBytes) {
        this.buffer = new byte[initialBytes];
        this.longest = initialBytes / 2;
    }

    /** Reads until the end of the stream, handing over every complete line; a partial last line is dropped. */
    void pump(InputStream in, Sink sink) throws IOException {
        while (true) {
            makeRoom();
            int count = in.read(buffer, end, buffer.length - end);
            if (count < 0) {
                return;
            }
            end += count;
            byte[] bytes = buffer;
            for (int i = newline(bytes, scanned, end); i >= 0; i = newline(bytes, i + 1, end)) {
                longest = Math.max(longest, i + 1 - start);
                sink.line(bytes, start, i - start);
                start = i + 1;
            }
            scanned = end;
        }
    }

    /**
     * Finds the next newline eight bytes at a time: a long holds a {@code \n} byte exactly when
     * the classic "has a zero byte" test finds one in it XOR a long of {@code \n}s. An answer line
     * is 1.4 MB of base64 with one newline, so this runs over every byte a pull receives.
     *
     * @return the index of the first {@code \n} in {@code [from, to)}, or -1
     */
    static int newline(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i) ^ NEWLINES;
            if (((word - ONES) & ~word & HIGH_BITS) != 0) {
                break;
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Makes room to read into. Moving a partial line to the front copies it, so it is done when
     * the next line might not fit behind it, which is usually just after a line ended, when the
     * partial line is short.
     */
    private void makeRoom() {
        if (start == end) {
            start = 0;
            scanned = 0;
            end = 0;
        } else if (start > 0 && (buffer.length - start < longest || end == buffer.length)) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            scanned -= start;
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
    }
}
