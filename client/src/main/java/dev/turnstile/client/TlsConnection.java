package dev.turnstile.client;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * TLS over the socket channel, through an {@link SSLEngine} (not an {@code SSLSocket}, whose
 * streams copy every record through buffers of their own): records are read several at a time and
 * unwrapped straight into the reader's buffer; a writer's bytes are sealed into a direct buffer of
 * several records and written with one system call. The engine allows one thread to wrap while
 * another unwraps.
 *
 * <p>The records read wait in a <em>heap</em> buffer, although the socket then copies them once
 * more: the JDK's engine decrypts a record where it lies, and its AES-GCM runs on the CPU's
 * combined instructions only for arrays. Measured on Java 17 (docs/performance.md), unwrapping
 * 256 MiB took 0.33 s from a heap buffer and 1.2 to 1.8 s from a direct one; where the plaintext
 * goes (here the reader's direct buffer) made no difference. Sealing is the other way round: into
 * a direct buffer 0.8 s, into a heap one 1.25 s.
 *
 * <p>The handshake runs with the socket non-blocking under a selector, so that a server that
 * never answers it is given up after the connect timeout; afterwards the socket blocks. A
 * handshake message the reader meets later (a key update that asks for one back) is answered by
 * the reader if no writer holds the lock, else by the next write, which the engine makes emit it
 * first; the reader never waits for the lock, so it can never be held up by a writer that waits
 * for the server to read.
 */
final class TlsConnection extends Connection {

    /** Records one socket read may bring, and one socket write sends. */
    private static final int RECORDS_PER_SYSTEM_CALL = 8;
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final ReentrantLock writeLock;
    /** Records read and not yet unwrapped, in write mode: bytes in [0, position). Reader only; heap (above). */
    private ByteBuffer netIn;
    /** Records sealed and not yet written, in write mode. Writers only, or the reader holding the lock. */
    private final ByteBuffer netOut;
    private final int recordPlaintext;
    /** Plaintext that came with the handshake, for the first read; else {@code null}. */
    private ByteBuffer early;

    private TlsConnection(SocketChannel channel, SSLEngine engine, ReentrantLock writeLock) {
        super(channel);
        this.engine = engine;
        this.writeLock = writeLock;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet * RECORDS_PER_SYSTEM_CALL);
        this.netOut = ByteBuffer.allocateDirect(packet * RECORDS_PER_SYSTEM_CALL);
        this.recordPlaintext = engine.getSession().getApplicationBufferSize();
    }

    /**
     * Completes the handshake over a connected channel.
     *
     * @param timeoutMillis how long to wait for the server at each step; 0 for ever
     * @throws SocketTimeoutException when the server did not answer in time
     * @throws SSLException when the handshake fails (a certificate not trusted, plain text back)
     */
    static TlsConnection handshake(SocketChannel channel, SSLEngine engine, ReentrantLock writeLock,
            int timeoutMillis) throws IOException {
        TlsConnection connection = new TlsConnection(channel, engine, writeLock);
        channel.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            SelectionKey key = channel.register(selector, 0);
            connection.shake(selector, key, timeoutMillis);
            key.cancel();
            selector.selectNow();
        }
        channel.configureBlocking(true);
        return connection;
    }

    private void shake(Selector selector, SelectionKey key, int timeoutMillis) throws IOException {
        ByteBuffer plaintext = ByteBuffer.allocate(recordPlaintext);
        engine.beginHandshake();
        try {
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> {
                        SSLEngineResult result = engine.wrap(NOTHING, netOut);
                        if (result.getStatus() == SSLEngineResult.Status.CLOSED && netOut.position() == 0) {
                            throw new SSLHandshakeException("the TLS engine closed during the handshake");
                        }
                        flushWaiting(selector, key, timeoutMillis);
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        netIn.flip();
                        SSLEngineResult result = engine.unwrap(netIn, plaintext);
                        netIn.compact();
                        if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                            makeRoomForARecord();
                            await(selector, key, SelectionKey.OP_READ, timeoutMillis);
                            if (channel.read(netIn) < 0) {
                                throw new SSLHandshakeException("the server closed the connection during the TLS"
                                        + " handshake");
                            }
                        } else if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                            throw new SSLHandshakeException("the server ended the TLS session during the handshake");
                        }
                    }
                    case NEED_TASK -> runTasks();
                    default -> {
                        plaintext.flip();
                        early = plaintext.hasRemaining() ? plaintext : null;
                        return;
                    }
                }
            }
        } catch (SSLException e) {
            sendAlert();
            throw e;
        }
    }

    /** After a failed handshake the engine holds an alert for the server: sent if it can be at once. */
    private void sendAlert() {
        try {
            engine.closeOutbound();
            engine.wrap(NOTHING, netOut);
            netOut.flip();
            channel.write(netOut);
            netOut.clear();
        } catch (IOException | RuntimeException e) {
            // The server learns it from the closed connection instead.
        }
    }

    private void flushWaiting(Selector selector, SelectionKey key, int timeoutMillis) throws IOException {
        netOut.flip();
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                await(selector, key, SelectionKey.OP_WRITE, timeoutMillis);
            }
        }
        netOut.clear();
    }

    private void await(Selector selector, SelectionKey key, int operation, int timeoutMillis) throws IOException {
        key.interestOps(operation);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (selector.select(timeoutMillis == 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(
                deadline - System.nanoTime()))) == 0) {
            if (timeoutMillis > 0 && System.nanoTime() - deadline >= 0) {
                throw new SocketTimeoutException("the server did not answer the TLS handshake in time");
            }
        }
        selector.selectedKeys().clear();
        key.interestOps(0);
    }

    private void runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }

    /** A record larger than what is kept so far must fit: grows the buffer to the session's packet size. */
    private void makeRoomForARecord() {
        int packet = engine.getSession().getPacketBufferSize();
        if (netIn.remaining() < packet) {
            ByteBuffer larger = ByteBuffer.allocate(netIn.position() + packet);
            netIn.flip();
            larger.put(netIn);
            netIn = larger;
        }
    }

    @Override
    int read(ByteBuffer into) throws IOException {
        if (early != null) {
            int count = Math.min(early.remaining(), into.remaining());
            into.put(early.slice(early.position(), count));
            early.position(early.position() + count);
            if (!early.hasRemaining()) {
                early = null;
            }
            return count;
        }
        while (true) {
            int produced = unwrapWhatCame(into);
            if (produced != 0) {
                return produced;
            }
            makeRoomForARecord();
            if (channel.read(netIn) < 0) {
                return -1;
            }
        }
    }

    /**
     * Unwraps the complete records in {@link #netIn} while {@code into} has room for one.
     *
     * @return the plaintext bytes produced; -1 when the server closed the session and none were
     */
    private int unwrapWhatCame(ByteBuffer into) throws IOException {
        int produced = 0;
        netIn.flip();
        try {
            while (netIn.hasRemaining() && into.remaining() >= recordPlaintext) {
                SSLEngineResult result = engine.unwrap(netIn, into);
                produced += result.bytesProduced();
                switch (result.getStatus()) {
                    case CLOSED:
                        return produced > 0 ? produced : -1;
                    case BUFFER_UNDERFLOW:
                    case BUFFER_OVERFLOW:
                        return produced;
                    default:
                        break;
                }
                afterHandshakeMessage(result.getHandshakeStatus());
            }
            return produced;
        } finally {
            netIn.compact();
        }
    }

    /** A post-handshake message (a session ticket, a key update) may need work or an answer. */
    private void afterHandshakeMessage(SSLEngineResult.HandshakeStatus status) throws IOException {
        if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            runTasks();
            status = engine.getHandshakeStatus();
        }
        if (status == SSLEngineResult.HandshakeStatus.NEED_WRAP && writeLock.tryLock()) {
            try {
                write(NOTHING);
            } finally {
                writeLock.unlock();
            }
        }
    }

    @Override
    int minimumRoom() {
        return recordPlaintext;
    }

    @Override
    void write(ByteBuffer bytes) throws IOException {
        do {
            SSLEngineResult result = engine.wrap(bytes, netOut);
            switch (result.getStatus()) {
                case BUFFER_OVERFLOW:
                    if (netOut.position() == 0) {
                        throw new SSLException("a TLS record does not fit the " + netOut.capacity() + "-byte buffer");
                    }
                    flush();
                    continue;
                case CLOSED:
                    throw new EOFException("the TLS session is closed");
                default:
                    break;
            }
            if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            if (netOut.remaining() < engine.getSession().getPacketBufferSize()) {
                flush();
            }
        } while (bytes.hasRemaining() || engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP);
        flush();
    }

    private void flush() throws IOException {
        netOut.flip();
        try {
            while (netOut.hasRemaining()) {
                channel.write(netOut);
            }
        } finally {
            netOut.compact();
        }
    }
}
