package dev.turnstile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Tells, from the first two bytes of a plain TCP connection, a TLS client that came to this plain
 * port: a TLS connection starts with a handshake record, content type 22 ({@code 0x16}) and major
 * version 3, and no JSON text starts with a control character. Without it, the framer would take the
 * ClientHello for garbage running to the next newline, and the client would wait, mute, for the
 * login timeout. The {@link Connection} reads its first bytes through this channel, then answers
 * {@link #MESSAGE} as a 400 and closes.
 */
final class TlsHelloCheck implements ReadableByteChannel {

    /** The 400's sentence: names the option the client should drop. */
    static final String MESSAGE = "this port speaks plain TCP, and this connection began a TLS handshake;"
            + " connect without --tls";

    private static final int HANDSHAKE = 0x16;
    private static final int TLS_MAJOR_VERSION = 0x03;

    private final ReadableByteChannel in;
    private final int[] first = {-1, -1};
    private int seen;

    TlsHelloCheck(ReadableByteChannel in) {
        this.in = in;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int n = in.read(dst);
        for (int i = 0; i < n && seen < first.length; i++) {
            first[seen++] = dst.get(start + i) & 0xff;
        }
        return n;
    }

    /** @return whether the bytes seen so far settle it: two bytes, or a first byte that starts no handshake */
    boolean decided() {
        return seen == first.length || seen == 1 && first[0] != HANDSHAKE;
    }

    /** @return whether the connection began with the header of a TLS handshake record */
    boolean sawTlsHello() {
        return first[0] == HANDSHAKE && first[1] == TLS_MAJOR_VERSION;
    }

    @Override
    public boolean isOpen() {
        return in.isOpen();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
