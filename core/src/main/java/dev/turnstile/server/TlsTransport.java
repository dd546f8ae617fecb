package dev.turnstile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS over a non-blocking socket with one {@link SSLEngine}, driven by the selector loop.
 *
 * <p>Three buffers: {@code netIn} holds ciphertext read but not yet unwrapped, {@code appIn}
 * plaintext unwrapped but not yet handed to the connection, {@code netOut} ciphertext sealed but
 * not yet sent (at most about one record, which is the transport's share of backpressure). All are
 * sized from the session and grown when the engine reports an overflow or underflow. The handshake
 * runs inside {@link #read}, {@link #write} and {@link #flush}: delegated tasks run inline (the
 * server has one client, so there is nothing else to do meanwhile).
 *
 * <p>Policy: a failed handshake (a client speaking plain TCP, say) is logged once and reads as
 * the end of the stream, so the connection closes cleanly; a TLS 1.2 renegotiation is refused the
 * same way; closing sends {@code close_notify} and then a FIN, and a peer's {@code close_notify}
 * reads as the end of its input (a TLS 1.3 half-close: answers still go out).
 */
final class TlsTransport extends SocketTransport {

    private static final Logger LOG = LoggerFactory.getLogger(TlsTransport.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** The most plaintext one TLS record carries (RFC 8446 §5.1, RFC 5246 §6.2.1). */
    private static final int MAX_PLAINTEXT = 16 * 1024;

    // Experiment knobs (temporary).
    static final int OUT_RECORDS = Integer.getInteger("tls.outRecords", 4);
    static final int IN_RECORDS = Integer.getInteger("tls.inRecords", 4);
    static final boolean OUT_DIRECT = Boolean.parseBoolean(System.getProperty("tls.outDirect", "true"));
    static final boolean IN_DIRECT = Boolean.parseBoolean(System.getProperty("tls.inDirect", "false"));
    static final boolean UNWRAP_DIRECT = Boolean.parseBoolean(System.getProperty("tls.unwrapDirect", "true"));

    private final SSLEngine engine;
    private final Object peer;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    /** A file region's next bytes, read from the file to be sealed; direct, so the read copies nothing. */
    private ByteBuffer fileChunk;

    private boolean handshakeDone;
    private boolean inputEnded;
    /** The last unwrap needed more bytes than {@code netIn} holds: nothing to do until the socket has more. */
    private boolean underflow;
    private boolean failed;
    private boolean outputShutdown;
    private boolean finSent;

    TlsTransport(SocketChannel channel, SSLEngine engine, Object peer) throws IOException {
        super(channel);
        this.engine = engine;
        this.peer = peer;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = IN_DIRECT ? ByteBuffer.allocateDirect(packet * IN_RECORDS) : ByteBuffer.allocate(packet * IN_RECORDS);
        this.netOut = OUT_DIRECT ? ByteBuffer.allocateDirect(packet * OUT_RECORDS) : ByteBuffer.allocate(packet * OUT_RECORDS);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        engine.beginHandshake();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (appIn.position() > 0) {
            return transfer(dst);
        }
        if (inputEnded) {
            return -1;
        }
        try {
            return unwrapInto(dst);
        } catch (SSLException e) {
            fail(e);
            return -1;
        }
    }

    /**
     * Unwraps records until some plaintext is there. A record whose plaintext fits in {@code dst}
     * whole is unwrapped straight into it, and more records after it while they are at hand and
     * fit: a large request (an upload's attachment) is not copied through {@code appIn}.
     */
    private int unwrapInto(ByteBuffer dst) throws IOException {
        int straight = 0;
        while (true) {
            if (!runHandshakeSteps()) {
                return straight; // the socket must take our handshake bytes first
            }
            boolean intoDst = UNWRAP_DIRECT && handshakeDone && dst.remaining() >= appIn.capacity();
            netIn.flip();
            SSLEngineResult result = engine.unwrap(netIn, intoDst ? dst : appIn);
            netIn.compact();
            noteHandshake(result);
            if (intoDst) {
                straight += result.bytesProduced();
            }
            switch (result.getStatus()) {
                case OK -> {
                    if (appIn.position() > 0) {
                        return transfer(dst);
                    }
                    if (straight > 0 && (netIn.position() == 0 || dst.remaining() < appIn.capacity())) {
                        return straight; // nothing more at hand, or no room for another record
                    }
                    if (result.bytesConsumed() == 0 && !engineWantsToAct() && fill() <= 0) {
                        return straight > 0 ? straight : inputEnded ? -1 : 0;
                    }
                }
                case BUFFER_UNDERFLOW -> {
                    underflow = true;
                    if (straight > 0) {
                        return straight;
                    }
                    if (netIn.capacity() < engine.getSession().getPacketBufferSize()) {
                        netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                    }
                    if (fill() <= 0) {
                        return inputEnded ? -1 : 0;
                    }
                }
                case BUFFER_OVERFLOW -> {
                    if (straight > 0) {
                        return straight;
                    }
                    if (appIn.position() > 0) {
                        return transfer(dst);
                    }
                    appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                }
                case CLOSED -> {
                    // The peer's close_notify: its input has ended. Answer it if the engine wants to.
                    inputEnded = true;
                    runHandshakeSteps();
                    flushNet();
                    return straight > 0 ? straight : appIn.position() > 0 ? transfer(dst) : -1;
                }
                default -> throw new IllegalStateException("unknown unwrap status " + result.getStatus());
            }
        }
    }

    /** Reads ciphertext from the socket; at its end, the input ends (a truncation is only logged). */
    private int fill() throws IOException {
        if (!netIn.hasRemaining()) {
            netIn = grow(netIn, netIn.capacity() * 2);
        }
        int n = channel.read(netIn);
        if (n > 0) {
            underflow = false;
        } else if (n < 0) {
            inputEnded = true;
            try {
                engine.closeInbound();
            } catch (SSLException e) {
                LOG.debug("{} closed its connection without close_notify", peer);
            }
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!acceptsData()) {
            return 0;
        }
        int taken = 0;
        try {
            while (src.hasRemaining()) {
                SSLEngineResult result = engine.wrap(src, netOut);
                taken += result.bytesConsumed();
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    flushNet();
                    if (netOut.position() > 0) {
                        break; // the socket is full: the rest waits in the connection's output
                    }
                    netOut = grow(netOut, engine.getSession().getPacketBufferSize());
                } else if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new IOException("TLS output is closed");
                }
            }
        } catch (SSLException e) {
            fail(e);
            throw e;
        }
        flushNet();
        return taken;
    }

    /**
     * Seals a file region record by record: each record's plaintext is read from the file into one
     * reused direct buffer (no heap copy, no allocation per record) and wrapped into {@code netOut},
     * which holds a few records and goes to the socket in one write. Only whole records are read:
     * when {@code netOut} has no room for one more and the socket takes nothing, the rest waits.
     *
     * @return the bytes of the region sealed (and sent or queued in {@code netOut}); 0 when the
     *     socket is full or the file ends at {@code position}
     */
    @Override
    public long transferFrom(FileChannel file, long position, long count) throws IOException {
        if (!acceptsData()) {
            return 0;
        }
        int packet = engine.getSession().getPacketBufferSize();
        if (fileChunk == null) {
            fileChunk = ByteBuffer.allocateDirect(Math.min(engine.getSession().getApplicationBufferSize(), MAX_PLAINTEXT));
        }
        long taken = 0;
        try {
            while (taken < count) {
                if (netOut.remaining() < packet) {
                    flushNet();
                    if (netOut.remaining() < packet) {
                        break; // the socket is full
                    }
                }
                fileChunk.clear();
                if (count - taken < fileChunk.capacity()) {
                    fileChunk.limit((int) (count - taken));
                }
                if (file.read(fileChunk, position + taken) <= 0) {
                    break; // the file ends here
                }
                fileChunk.flip();
                SSLEngineResult result = engine.wrap(fileChunk, netOut);
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new IOException("TLS output is closed");
                }
                // With room for a whole record the engine takes the whole chunk; were it to take
                // less, the rest is read from the file again, since only what it took counts.
                taken += result.bytesConsumed();
            }
        } catch (SSLException e) {
            fail(e);
            throw e;
        }
        flushNet();
        return taken;
    }

    @Override
    public boolean acceptsData() {
        return handshakeDone && !failed && !outputShutdown;
    }

    @Override
    public void flush() throws IOException {
        try {
            runHandshakeSteps();
        } catch (SSLException e) {
            fail(e);
        }
        flushNet();
    }

    @Override
    public boolean wantsWrite() {
        return netOut.position() > 0 || (outputShutdown && !finSent);
    }

    @Override
    public boolean wantsRead() {
        return !handshakeDone && !inputEnded && !failed;
    }

    @Override
    public boolean hasBufferedInput() {
        return appIn.position() > 0 || (netIn.position() > 0 && !underflow && !inputEnded);
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (outputShutdown) {
            return;
        }
        outputShutdown = true;
        if (!failed) {
            engine.closeOutbound();
            try {
                while (!engine.isOutboundDone()) {
                    SSLEngineResult result = engine.wrap(EMPTY, netOut);
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        flushNet();
                        if (netOut.position() > 0) {
                            break; // the rest of close_notify follows on OP_WRITE
                        }
                    }
                }
            } catch (SSLException e) {
                LOG.debug("closing TLS with {}: {}", peer, e.toString());
            }
        }
        flushNet();
    }

    /**
     * Runs delegated tasks and wraps handshake messages until the engine wants input or is done.
     *
     * @return {@code false} when the socket must take our bytes before the handshake can go on
     */
    private boolean runHandshakeSteps() throws IOException {
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } else if (status == HandshakeStatus.NEED_WRAP) {
                SSLEngineResult result = engine.wrap(EMPTY, netOut);
                noteHandshake(result);
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    flushNet();
                    if (netOut.position() > 0) {
                        return false;
                    }
                    netOut = grow(netOut, engine.getSession().getPacketBufferSize());
                } else if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return true;
                }
            } else {
                return true;
            }
        }
    }

    private boolean engineWantsToAct() {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NEED_TASK || status == HandshakeStatus.NEED_WRAP;
    }

    /** Marks the end of the first handshake and refuses any later one under TLS 1.2. */
    private void noteHandshake(SSLEngineResult result) throws SSLException {
        HandshakeStatus status = result.getHandshakeStatus();
        if (status == HandshakeStatus.FINISHED) {
            if (!handshakeDone) {
                handshakeDone = true;
                LOG.debug("TLS with {}: {} {}", peer, engine.getSession().getProtocol(), engine.getSession().getCipherSuite());
            }
        } else if (handshakeDone && status != HandshakeStatus.NOT_HANDSHAKING
                && "TLSv1.2".equals(engine.getSession().getProtocol())) {
            // TLS 1.3 has no renegotiation (only key updates, which the engine handles alone).
            throw new SSLException("renegotiation refused");
        }
    }

    private void flushNet() throws IOException {
        if (netOut.position() > 0) {
            netOut.flip();
            try {
                channel.write(netOut);
            } finally {
                netOut.compact();
            }
        }
        if (outputShutdown && !finSent && netOut.position() == 0 && channel.isOpen()) {
            finSent = true;
            channel.shutdownOutput();
        }
    }

    /** A failed handshake or record: logged once, and from then on the input has ended. */
    private void fail(SSLException e) throws IOException {
        if (failed) {
            return;
        }
        failed = true;
        inputEnded = true;
        appIn.clear();
        LOG.info("TLS with {} failed: {}{}", peer, e.getMessage(),
                handshakeDone ? "" : " (is it speaking plain TCP to this TLS port?); closing the connection");
        try {
            // The engine may hold an alert that tells the peer why.
            engine.closeOutbound();
            engine.wrap(EMPTY, netOut);
        } catch (SSLException ignored) {
            // Nothing more to say to this peer.
        }
        flushNet();
    }

    private int transfer(ByteBuffer dst) {
        appIn.flip();
        int n = Math.min(appIn.remaining(), dst.remaining());
        int limit = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(limit);
        appIn.compact();
        return n;
    }

    private static ByteBuffer grow(ByteBuffer buffer, int atLeast) {
        int size = atLeast > buffer.capacity() ? atLeast : buffer.capacity() * 2;
        ByteBuffer bigger = buffer.isDirect() ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        buffer.flip();
        bigger.put(buffer);
        return bigger;
    }
}
