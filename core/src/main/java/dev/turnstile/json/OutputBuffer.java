package dev.turnstile.json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * The response bytes waiting for a client: encoded at the end, written from the front. Reused
 * for the whole connection; it grows when a batch of responses needs it and shrinks back once
 * drained after a batch that used at most a quarter of it, so a big answer among small ones does
 * not pin its memory and a run of big answers does not regrow it for each one.
 */
public final class OutputBuffer {

    private static final int INITIAL = 16 * 1024;

    private byte[] bytes = new byte[INITIAL];
    private ByteBuffer view = ByteBuffer.wrap(bytes);
    private int head;
    private int tail;
    /** Scratch space for the encoder: the chars of one chunk of a string being written. */
    private final char[] chars = new char[ResponseEncoder.CHUNK + 1];

    /** @return bytes encoded but not yet written */
    public int pending() {
        return tail - head;
    }

    /**
     * @return a mark for {@link #rollback}: the pending count, not an index, because growing the
     *     buffer may move the unwritten bytes to the front while a response is being encoded
     */
    public int mark() {
        return tail - head;
    }

    /**
     * Drops everything encoded after {@code mark}, such as a half-written response. No
     * {@link #writeTo} may happen between the mark and the rollback.
     */
    public void rollback(int mark) {
        tail = head + mark;
    }

    /** @return the size of the backing array, for memory accounting */
    public int capacity() {
        return bytes.length;
    }

    /**
     * Writes as much as the channel takes without blocking.
     *
     * @return the number of bytes written
     */
    public int writeTo(WritableByteChannel channel) throws IOException {
        return writeTo(channel, tail - head);
    }

    /**
     * Writes at most {@code max} bytes, as many as the channel takes without blocking: a connection
     * holding a delayed answer writes only the answers before it.
     *
     * @return the number of bytes written
     */
    public int writeTo(WritableByteChannel channel, int max) throws IOException {
        if (head == tail || max <= 0) {
            return 0;
        }
        view.limit(head + Math.min(max, tail - head)).position(head);
        int written = channel.write(view);
        head += written;
        if (head == tail) {
            // As for the input: keep a large buffer while large answers keep coming, give it up
            // after a batch that used at most a quarter of it.
            boolean idle = tail <= bytes.length / 4;
            head = 0;
            tail = 0;
            if (bytes.length > INITIAL * 4 && idle) {
                bytes = new byte[INITIAL];
                view = ByteBuffer.wrap(bytes);
            }
        }
        return written;
    }

    void put(byte b) {
        if (tail == bytes.length) {
            grow(1);
        }
        bytes[tail++] = b;
    }

    void put(byte[] src) {
        ensure(src.length);
        System.arraycopy(src, 0, bytes, tail, src.length);
        tail += src.length;
    }

    /** Makes room for {@code n} more bytes; the caller then writes with {@link #array()} and {@link #advance}. */
    void ensure(int n) {
        if (bytes.length - tail < n) {
            grow(n);
        }
    }

    char[] chars() {
        return chars;
    }

    byte[] array() {
        return bytes;
    }

    int tail() {
        return tail;
    }

    void advance(int n) {
        tail += n;
    }

    private void grow(int n) {
        if (head > 0) {
            // Reclaim what was already written before asking for more memory.
            System.arraycopy(bytes, head, bytes, 0, tail - head);
            tail -= head;
            head = 0;
            if (bytes.length - tail >= n) {
                return;
            }
        }
        long wanted = Math.max((long) bytes.length * 2, (long) tail + n);
        if (wanted > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("response too large to buffer");
        }
        bytes = Arrays.copyOf(bytes, (int) wanted);
        view = ByteBuffer.wrap(bytes);
    }
}
