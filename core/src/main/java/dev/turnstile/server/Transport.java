package dev.turnstile.server;

import dev.turnstile.json.FileRegionChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;

/**
 * How a connection's bytes reach the socket: as they are ({@link PlainTransport}) or through TLS
 * ({@link TlsTransport}). {@link Connection} reads and writes application bytes through it and
 * asks it which readiness it needs, so the connection's rules do not depend on the transport.
 * Non-blocking throughout: a read or write may move zero bytes. A file region (an answer's
 * attachment) goes through {@link #transferFrom}, so each transport sends it its own best way.
 */
interface Transport extends ByteChannel, FileRegionChannel {

    /**
     * Reads application bytes.
     *
     * @return the number of bytes read, possibly 0, or -1 once the peer will send nothing more
     */
    @Override
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes application bytes.
     *
     * @return the number of bytes taken, possibly 0 (the socket is full or a handshake is under way)
     */
    @Override
    int write(ByteBuffer src) throws IOException;

    /** @return whether {@link #write} can take application bytes now (not during the TLS handshake) */
    boolean acceptsData();

    /** Sends bytes of the transport's own (handshake, records already sealed) as far as the socket takes them. */
    void flush() throws IOException;

    /** @return whether the transport has bytes of its own to send, so the loop must wait for {@code OP_WRITE} */
    boolean wantsWrite();

    /** @return whether the transport needs input for itself (a handshake), whatever the connection wants */
    boolean wantsRead();

    /** @return whether {@link #read} would return bytes already received, without a new readiness event */
    boolean hasBufferedInput();

    /** No more application bytes will be written: say so to the peer (a FIN, or a TLS close_notify then a FIN). */
    void shutdownOutput() throws IOException;

    /** Reads and discards raw input while lingering; -1 at the end of the stream. */
    int drain(ByteBuffer scratch) throws IOException;
}
