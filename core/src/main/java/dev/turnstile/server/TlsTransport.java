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
 * <p>Buffers, sized from the session (and grown when the engine reports an overflow or underflow):
 * {@code netIn} holds ciphertext read but not yet unwrapped, room for four records, so one socket
 * read brings several; {@code appIn} plaintext unwrapped but not yet handed to the connection, one
 * record, used only when the caller's buffer has no room for a whole record (otherwise records
 * are unwrapped straight into it, so a large request is not copied twice). What is sealed waits
 * in {@link TlsOutput}, which also seals file regions ({@link #transferFrom}). The handshake
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
    /** Records {@code netOut} and {@code netIn} hold: one socket call moves several records. */
    private static final int RECORDS = 4;

    private final SSLEngine engine;
    private final Object peer;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private final TlsOutput output;

    private boolean handshakeDone;
    private boolean inputEnded;
    /** The last unwrap needed more bytes than {@code netIn} holds: nothing to do until the socket has more. */
    private boolean underflow;
    private boolean failed;
    private boolean outputShutdown;

    TlsTransport(SocketChannel channel, SSLEngine engine, Object peer) throws IOException {
        super(channel);
        this.engine = engine;
        this.peer = peer;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet * RECORDS);
        this.output = new TlsOutput(engine, channel, RECORDS);
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
            boolean intoDst = handshakeDone && dst.remaining() >= appIn.capacity();
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
                        netIn = TlsOutput.grow(netIn, engine.getSession().getPacketBufferSize());
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
                    appIn = TlsOutput.grow(appIn, engine.getSession().getApplicationBufferSize());
                }
                case CLOSED -> {
                    // The peer's close_notify: its input has ended. Answer it if the engine wants to.
                    inputEnded = true;
                    runHandshakeSteps();
                    output.send();
                    return straight > 0 ? straight : appIn.position() > 0 ? transfer(dst) : -1;
                }
                default -> throw new IllegalStateException("unknown unwrap status " + result.getStatus());
            }
        }
    }

    /** Reads ciphertext from the socket; at its end, the input ends (a truncation is only logged). */
    private int fill() throws IOException {
        if (!netIn.hasRemaining()) {
            netIn = TlsOutput.grow(netIn, netIn.capacity() * 2);
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
        try {
            return output.write(src);
        } catch (SSLException e) {
            fail(e);
            throw e;
        }
    }

    /** Seals a file region record by record ({@link TlsOutput#transferFrom}). */
    @Override
    public long transferFrom(FileChannel file, long position, long count) throws IOException {
        if (!acceptsData()) {
            return 0;
        }
        try {
            return output.transferFrom(file, position, count);
        } catch (SSLException e) {
            fail(e);
            throw e;
        }
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
        output.send();
    }

    @Override
    public boolean wantsWrite() {
        return output.pending();
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
        try {
            output.shutdown(!failed);
        } catch (SSLException e) {
            LOG.debug("closing TLS with {}: {}", peer, e.toString());
        }
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
                SSLEngineResult result = output.wrapOwn();
                noteHandshake(result);
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    if (!output.makeRoom()) {
                        return false;
                    }
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
            output.wrapOwn();
        } catch (SSLException ignored) {
            // Nothing more to say to this peer.
        }
        output.send();
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
}
