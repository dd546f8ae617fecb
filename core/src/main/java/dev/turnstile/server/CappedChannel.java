package dev.turnstile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Lets through at most a given number of bytes to the channel it wraps. A connection that holds
 * a delayed answer writes through it, so the answers before the delayed one still go out while
 * the delayed one and those after it stay in the output buffer.
 */
final class CappedChannel implements WritableByteChannel {

    private final WritableByteChannel target;
    private int allowance;

    CappedChannel(WritableByteChannel target) {
        this.target = target;
    }

    /** @param bytes how many more bytes may pass */
    void allow(int bytes) {
        allowance = bytes;
    }

    /** @return how many more bytes may pass */
    int allowance() {
        return allowance;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (allowance <= 0) {
            return 0;
        }
        int limit = src.limit();
        src.limit(src.position() + Math.min(src.remaining(), allowance));
        try {
            int written = target.write(src);
            allowance -= written;
            return written;
        } finally {
            src.limit(limit);
        }
    }

    @Override
    public boolean isOpen() {
        return target.isOpen();
    }

    @Override
    public void close() throws IOException {
        target.close();
    }
}
