package dev.turnstile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The sending half of a {@link TlsTransport}: {@code netOut}, the records sealed and not yet sent,
 * and the ways bytes get into it: application bytes, file regions, the engine's own messages
 * (handshake, alerts, {@code close_notify}), then the FIN.
 *
 * <p>{@code netOut} holds four records (about 66 KB) and is direct: one socket write sends four
 * records instead of one, and the JDK does not copy them into a temporary direct buffer first. It
 * is the transport's share of backpressure: when it has no room for one more record and the socket
 * takes nothing, the rest waits in the connection's output. A file region is read into one more
 * direct buffer, four records' plaintext at a time, allocated on the first region and reused, and
 * wrapped from there: no heap copy, no allocation per record, one read for four records.
 */
final class TlsOutput {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** The most plaintext one TLS record carries (RFC 8446 §5.1, RFC 5246 §6.2.1). */
    private static final int MAX_PLAINTEXT = 16 * 1024;
    /** A file region is read this many records' plaintext at a time. */
    private static final int RECORDS_PER_READ = 4;

    private final SSLEngine engine;
    private final SocketChannel channel;
    private ByteBuffer netOut;
    /** A file region's next bytes, read from the file to be sealed; {@code null} until the first region. */
    private ByteBuffer fileChunk;
    private boolean shutdown;
    private boolean finSent;

    /**
     * @param records how many records {@code netOut} holds
     */
    TlsOutput(SSLEngine engine, SocketChannel channel, int records) {
        this.engine = engine;
        this.channel = channel;
        this.netOut = ByteBuffer.allocateDirect(engine.getSession().getPacketBufferSize() * records);
    }

    /**
     * Seals application bytes until they are all taken or the socket is full.
     *
     * @return how many of them were taken
     */
    int write(ByteBuffer src) throws IOException {
        int taken = 0;
        while (src.hasRemaining()) {
            SSLEngineResult result = engine.wrap(src, netOut);
            taken += result.bytesConsumed();
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                if (!makeRoom()) {
                    break; // the socket is full: the rest waits in the connection's output
                }
            } else if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new IOException("TLS output is closed");
            }
        }
        send();
        return taken;
    }

    /**
     * Seals a file region record by record, wrapping only when {@code netOut} has room for a whole
     * record. The region is read four records' plaintext at a time; when less than a full record's
     * plaintext is left of a read (the engine puts somewhat less than 16 KiB in a record) and the
     * region goes on, the rest is read again with the next four, so every record but the region's
     * last is full. Bytes read and not taken when the socket is full are read again next time: only
     * what the engine took counts.
     *
     * @return the bytes of the region sealed (sent, or waiting in {@code netOut}); 0 when the socket
     *     is full or the file ends at {@code position}
     */
    long transferFrom(FileChannel file, long position, long count) throws IOException {
        int packet = engine.getSession().getPacketBufferSize();
        if (fileChunk == null) {
            fileChunk = ByteBuffer.allocateDirect(RECORDS_PER_READ * MAX_PLAINTEXT);
        }
        fileChunk.clear().limit(0);
        long taken = 0;
        while (taken < count) {
            if (netOut.remaining() < packet) {
                send();
                if (netOut.remaining() < packet) {
                    break; // the socket is full
                }
            }
            if (fileChunk.remaining() < Math.min(MAX_PLAINTEXT, count - taken)) {
                fileChunk.clear().limit((int) Math.min(fileChunk.capacity(), count - taken));
                int read = file.read(fileChunk, position + taken);
                fileChunk.flip();
                if (read <= 0) {
                    break; // the file ends here
                }
            }
            SSLEngineResult result = engine.wrap(fileChunk, netOut);
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new IOException("TLS output is closed");
            }
            taken += result.bytesConsumed();
        }
        send();
        return taken;
    }

    /**
     * Wraps one message the engine wants to send of its own (a handshake message, an alert).
     *
     * @return the engine's result; after {@code BUFFER_OVERFLOW}, call {@link #makeRoom}
     */
    SSLEngineResult wrapOwn() throws SSLException {
        return engine.wrap(EMPTY, netOut);
    }

    /**
     * After a {@code BUFFER_OVERFLOW}: sends what is sealed, and grows {@code netOut} if it was
     * empty and still too small for a record.
     *
     * @return {@code false} when the socket must take bytes before more can be sealed
     */
    boolean makeRoom() throws IOException {
        send();
        if (netOut.position() > 0) {
            return false;
        }
        netOut = grow(netOut, engine.getSession().getPacketBufferSize());
        return true;
    }

    /**
     * No more application bytes: seals {@code close_notify} (unless the connection failed, when
     * there is nothing more to say) and sends it, then the FIN once everything is sent.
     *
     * @throws SSLException when sealing {@code close_notify} fails; the FIN still follows
     */
    void shutdown(boolean closeNotify) throws IOException {
        shutdown = true;
        try {
            if (closeNotify) {
                engine.closeOutbound();
                while (!engine.isOutboundDone()) {
                    if (wrapOwn().getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && !makeRoom()) {
                        break; // the rest of close_notify follows on OP_WRITE
                    }
                }
            }
        } finally {
            send();
        }
    }

    /** Sends what is sealed as far as the socket takes it; after {@link #shutdown}, once all is sent, the FIN. */
    void send() throws IOException {
        if (netOut.position() > 0) {
            netOut.flip();
            try {
                channel.write(netOut);
            } finally {
                netOut.compact();
            }
        }
        if (shutdown && !finSent && netOut.position() == 0 && channel.isOpen()) {
            finSent = true;
            channel.shutdownOutput();
        }
    }

    /** @return whether bytes (or the FIN) wait for the socket */
    boolean pending() {
        return netOut.position() > 0 || (shutdown && !finSent);
    }

    /** @return a buffer of at least {@code atLeast} bytes (or twice the size) holding what {@code buffer} held */
    static ByteBuffer grow(ByteBuffer buffer, int atLeast) {
        int size = atLeast > buffer.capacity() ? atLeast : buffer.capacity() * 2;
        ByteBuffer bigger = buffer.isDirect() ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        buffer.flip();
        bigger.put(buffer);
        return bigger;
    }
}
