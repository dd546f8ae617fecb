package dev.turnstile.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A connection whose bytes, both ways, keep to a {@link TokenBucket} ({@code --bwlimit}): a write
 * waits for its tokens before each piece goes out; a read takes at most a burst and then pays for
 * what came, so the reader falls behind and TCP's flow control slows the server down.
 */
final class ThrottledConnection extends Connection {

    private final Connection inner;
    private final TokenBucket bucket;

    ThrottledConnection(Connection inner, TokenBucket bucket) {
        super(inner.channel);
        this.inner = inner;
        this.bucket = bucket;
    }

    @Override
    int read(ByteBuffer into) throws IOException {
        int limit = into.limit();
        long room = Math.max(inner.minimumRoom(), bucket.burst());
        if (into.remaining() > room) {
            into.limit((int) (into.position() + room));
        }
        int count;
        try {
            count = inner.read(into);
        } finally {
            into.limit(limit);
        }
        if (count > 0) {
            bucket.take(count);
        }
        return count;
    }

    @Override
    int minimumRoom() {
        return inner.minimumRoom();
    }

    @Override
    void write(ByteBuffer bytes) throws IOException {
        int limit = bytes.limit();
        try {
            while (bytes.hasRemaining()) {
                int piece = (int) Math.min(bytes.remaining(), bucket.burst());
                bucket.take(piece);
                bytes.limit(bytes.position() + piece);
                inner.write(bytes);
                bytes.limit(limit);
            }
        } finally {
            bytes.limit(limit);
        }
    }

    @Override
    void write(FileChannel file, long position, long count, AttachmentSink seen) throws IOException {
        long done = 0;
        while (done < count) {
            long piece = Math.min(count - done, bucket.burst());
            bucket.take(piece);
            inner.write(file, position + done, piece, seen);
            done += piece;
        }
    }

    @Override
    boolean answeredInTls() {
        return inner.answeredInTls();
    }

    @Override
    void shutdownOutput() {
        inner.shutdownOutput();
    }

    @Override
    void close(boolean abort) {
        inner.close(abort);
    }
}
