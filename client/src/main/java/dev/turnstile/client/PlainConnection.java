package dev.turnstile.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

/**
 * A plain TCP connection. Keeps the first two bytes it receives, to tell a server that answers in
 * TLS (a record: content type 20 to 24, then major version 3) from one that answers in JSON
 * (which starts with <code>&#123;</code>); that costs nothing after those two bytes. A file region
 * that nobody needs to see is sent by the kernel from the file ({@code sendfile}).
 */
final class PlainConnection extends Connection {

    private static final int FIRST_CONTENT_TYPE = 20;
    private static final int LAST_CONTENT_TYPE = 24;
    private static final int TLS_MAJOR_VERSION = 3;

    private final int[] first = {-1, -1};
    private int seen;

    PlainConnection(SocketChannel channel) {
        super(channel);
    }

    @Override
    int read(ByteBuffer into) throws IOException {
        int start = into.position();
        int count = channel.read(into);
        for (int i = 0; i < count && seen < first.length; i++) {
            first[seen++] = into.get(start + i) & 0xff;
        }
        return count;
    }

    @Override
    int minimumRoom() {
        return 1;
    }

    @Override
    void write(ByteBuffer bytes) throws IOException {
        writeFully(channel, bytes);
    }

    @Override
    void write(FileChannel file, long position, long count, AttachmentSink seen) throws IOException {
        if (seen != null) {
            super.write(file, position, count, seen);
            return;
        }
        long done = 0;
        while (done < count) {
            long sent = file.transferTo(position + done, count - done, channel);
            if (sent <= 0 && position + done >= file.size()) {
                break; // the file ended early
            }
            done += Math.max(0, sent);
        }
        if (done < count) {
            writeZeros(count - done);
        }
    }

    @Override
    boolean answeredInTls() {
        return first[0] >= FIRST_CONTENT_TYPE && first[0] <= LAST_CONTENT_TYPE && first[1] == TLS_MAJOR_VERSION;
    }
}
