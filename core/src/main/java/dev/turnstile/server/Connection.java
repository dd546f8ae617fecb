package dev.turnstile.server;

import dev.turnstile.json.JsonFramer;
import dev.turnstile.json.OutputBuffer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client: its input buffer and framer, its output queue, its session and timers, and the
 * rules that decide when to read, when to write and when to close.
 *
 * <p>Each event ends in {@link #serve}: answer every complete request that is buffered (until the
 * output passes {@code max-pending-bytes}), write once, then ask for {@code OP_READ} only if more
 * input is welcome and {@code OP_WRITE} only if bytes remain. Reading stops while the output is
 * over its limit, after the client half-closed, and once the connection is to close (413, 408,
 * server stop); it closes when the last answer has been written.
 *
 * <p>A handler may {@linkplain ClientSession#delayAnswer delay} its answer: the answers before it
 * are still written, but it and everything after it stay in the output buffer, and no request is
 * read or served, until the delay's deadline, which the loop folds into its select timeout like
 * the idle timer. Bytes move through a {@link Transport}, plain or TLS.
 */
final class Connection {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final int INITIAL_INPUT = 16 * 1024;
    /** How long a closing connection keeps draining input so its last answer is not lost to a reset. */
    private static final long LINGER_NANOS = 2_000_000_000L;

    private final Transport transport;
    private final CappedChannel capped;
    private final SelectionKey key;
    private final ServerConfig config;
    private final RequestProcessor processor;
    private final ClientSession session;
    private final ConnectionTimer timer;
    private final JsonFramer framer;
    private final OutputBuffer out = new OutputBuffer();

    private byte[] in = new byte[INITIAL_INPUT];
    private ByteBuffer inView = ByteBuffer.wrap(in);
    private int inEnd;

    /** No more input will be read: the client half-closed, or the server is stopping. */
    private boolean inputEnded;
    /** Unfinished input is dropped silently instead of answered (the server is stopping). */
    private boolean stopping;
    /** Close as soon as the output is written. */
    private boolean closeAfterFlush;
    /** Output is shut down; input is read and dropped until the client closes or the linger ends. */
    private boolean lingering;
    private long lingerUntil;
    private boolean closed;
    /** An answer is held until {@link #releaseAt}; only the bytes before it may be written. */
    private boolean delayed;
    private long releaseAt;
    /** When the connection is closed whatever its state; only a busy refusal has one. */
    private long giveUpAt = Long.MAX_VALUE;
    private long requests;
    private long peakBufferedBytes;

    Connection(SocketChannel channel, Transport transport, SelectionKey key, ServerConfig config,
            RequestProcessor processor, long now) throws IOException {
        this.transport = transport;
        this.capped = new CappedChannel(transport);
        this.key = key;
        this.config = config;
        this.processor = processor;
        this.session = new ClientSession((InetSocketAddress) channel.getRemoteAddress());
        this.timer = new ConnectionTimer(config.idleTimeout().toNanos(), config.loginTimeout().toNanos(), now);
        this.framer = new JsonFramer(requestLimit());
    }

    ClientSession session() {
        return session;
    }

    /**
     * Makes this a connection that only says "busy": one error line (after the TLS handshake, if
     * any), then close. It reads no request, and is closed at {@code giveUpAt} whatever its state.
     */
    void refuseAsBusy(String message, long giveUpAt) {
        processor.refuse(503, message, out);
        closeAfterFlush = true;
        this.giveUpAt = giveUpAt;
    }

    boolean isClosed() {
        return closed;
    }

    long requests() {
        return requests;
    }

    /** @return the most bytes this connection's buffers have held at once, for tests of the bounds */
    long peakBufferedBytes() {
        return peakBufferedBytes;
    }

    /** @return the nearest deadline on the loop's clock: linger end, delay end, or a timeout */
    long deadline() {
        long own = lingering ? lingerUntil : delayed ? releaseAt : timer.deadline();
        return Math.min(own, giveUpAt);
    }

    /** @return whether input already received waits to be read, so the loop must not sleep */
    boolean readPending() {
        return !closed && !lingering && wantsInput() && transport.hasBufferedInput();
    }

    void onReadable(long now) throws IOException {
        if (lingering) {
            transport.flush();
            inView.clear();
            if (transport.drain(inView) < 0) {
                close();
            } else {
                lingerInterest();
            }
            return;
        }
        if (wantsInput() || transport.wantsRead()) {
            makeRoomToRead();
            inView.limit(in.length).position(inEnd);
            int n = transport.read(inView);
            if (n < 0) {
                inputEnded = true;
            } else if (n > 0) {
                inEnd += n;
                timer.activity(now);
            }
        }
        serve(now);
    }

    void onWritable(long now) throws IOException {
        if (lingering) {
            transport.flush();
            lingerInterest();
            return;
        }
        serve(now);
    }

    /**
     * Releases a held answer whose delay is over; sends the 408 line if a deadline has passed,
     * then closes; ends a linger that ran out. While an answer is held the timeouts wait: the
     * client is waiting for the server, not the other way round.
     */
    void checkTimers(long now) throws IOException {
        if (giveUpAt != Long.MAX_VALUE && now - giveUpAt >= 0) {
            close();
            return;
        }
        if (lingering) {
            if (now - lingerUntil >= 0) {
                close();
            }
            return;
        }
        if (delayed) {
            if (now - releaseAt >= 0) {
                delayed = false;
                timer.activity(now);
                serve(now);
            }
            return;
        }
        ConnectionTimer.Expiry expiry = timer.expired(now);
        if (expiry == ConnectionTimer.Expiry.NONE) {
            return;
        }
        if (closeAfterFlush) {
            // Already saying goodbye and the client does not take our bytes: stop waiting.
            LOG.info("closing {}: it stopped reading its last answers", session);
            close();
            return;
        }
        long seconds = (expiry == ConnectionTimer.Expiry.LOGIN ? config.loginTimeout() : config.idleTimeout()).toSeconds();
        String message = expiry == ConnectionTimer.Expiry.LOGIN
                ? "not logged in within " + seconds + " seconds; closing the connection"
                : "no request for " + seconds + " seconds; closing the connection";
        LOG.info("timeout for {}: {}", session, message);
        processor.refuse(408, message, out);
        closeAfterFlush = true;
        serve(now);
    }

    /** The server is stopping: answer what is complete, drop the rest, then close. */
    void stop(long now) throws IOException {
        if (closed) {
            return;
        }
        // A held answer goes out now: the server will not wait for its deadline.
        delayed = false;
        if (wantsInput()) {
            // Take what the client already sent, so it is answered too. (Not while backpressure
            // holds unanswered requests in the buffer: those are answered first.)
            makeRoomToRead();
            inView.limit(in.length).position(inEnd);
            int n = transport.read(inView);
            if (n > 0) {
                inEnd += n;
            }
        }
        stopping = true;
        inputEnded = true;
        serve(now);
    }

    private void serve(long now) throws IOException {
        answerBuffered(now);
        if (session.token() != null) {
            timer.loggedIn();
        }
        transport.flush();
        if (writable() > 0 && out.writeTo(delayed ? capped : transport) > 0) {
            timer.activity(now);
        }
        peakBufferedBytes = Math.max(peakBufferedBytes, (long) in.length + out.capacity());
        if (closeAfterFlush && out.pending() == 0 && !transport.wantsWrite()) {
            if (inputEnded) {
                close();
            } else {
                linger(now);
            }
            return;
        }
        int ops = 0;
        if (wantsInput() || transport.wantsRead()) {
            ops |= SelectionKey.OP_READ;
        }
        if (writable() > 0 || transport.wantsWrite()) {
            ops |= SelectionKey.OP_WRITE;
        }
        key.interestOps(ops);
    }

    /** @return whether more requests are welcome: not after the end, a close decision, or while held or backed up */
    private boolean wantsInput() {
        return !inputEnded && !closeAfterFlush && !delayed && out.pending() < config.maxPendingBytes();
    }

    /** @return the output bytes that may be written now: all of them, or those before a held answer */
    private int writable() {
        if (!transport.acceptsData()) {
            return 0;
        }
        return delayed ? capped.allowance() : out.pending();
    }

    private void answerBuffered(long now) {
        while (!closeAfterFlush && !delayed) {
            if (out.pending() >= config.maxPendingBytes()) {
                return; // backpressure: the rest waits in the input buffer until the client reads
            }
            framer.limit(requestLimit());
            switch (framer.next(in, inEnd)) {
                case TEXT -> {
                    requests++;
                    int before = out.pending();
                    processor.process(in, framer.start(), framer.end() - framer.start(), session, out);
                    takeHandlerWishes(before, now);
                }
                case GARBAGE -> {
                    requests++;
                    processor.refuse(400, "request must be a JSON object starting with \"{\"", in, framer.start(),
                            framer.end() - framer.start(), session, out);
                }
                case TOO_LARGE -> {
                    int limit = requestLimit();
                    LOG.info("413 to {}: request larger than {} bytes{}; closing the connection", session, limit,
                            session.token() == null ? " (the limit before login)" : "");
                    processor.refuse(413, "request larger than " + limit + " bytes"
                            + (session.token() == null ? " (the limit before login)" : "")
                            + "; closing the connection", out);
                    closeAfterFlush = true;
                }
                default -> {
                    if (inputEnded) {
                        finishInput();
                        closeAfterFlush = true;
                    }
                    return;
                }
            }
        }
    }

    /** Applies a delay or close the handler asked for, to the answer that starts after {@code before} bytes. */
    private void takeHandlerWishes(int before, long now) {
        long delay = session.takeDelayNanos();
        if (delay > 0) {
            delayed = true;
            releaseAt = now + delay;
            capped.allow(before);
        }
        if (session.takeCloseRequest()) {
            closeAfterFlush = true;
        }
    }

    /** The client will send nothing more: answer an unterminated last request, unless stopping. */
    private void finishInput() {
        JsonFramer.Result rest = framer.finish();
        if (stopping || rest == JsonFramer.Result.NEED_MORE) {
            return;
        }
        requests++;
        String message = rest == JsonFramer.Result.GARBAGE
                ? "request must be a JSON object starting with \"{\""
                : "the connection was closed before the request was complete";
        processor.refuse(400, message, in, framer.start(), framer.end() - framer.start(), session, out);
    }

    private int requestLimit() {
        return session.token() == null
                ? Math.min(ServerConfig.MAX_LOGIN_REQUEST_BYTES, config.maxRequestBytes())
                : config.maxRequestBytes();
    }

    /**
     * Drops what the framer no longer needs and grows the buffer when one unfinished request
     * fills it. It never grows past the limit plus one byte: the framer reports a request that
     * long as too large before more is needed.
     */
    private void makeRoomToRead() {
        int keep = framer.retainFrom();
        if (keep == inEnd) {
            framer.shift(keep);
            inEnd = 0;
            if (in.length > INITIAL_INPUT * 4) {
                in = new byte[INITIAL_INPUT];
                inView = ByteBuffer.wrap(in);
            }
        } else if (keep > 0 && (inEnd == in.length || keep >= in.length / 2)) {
            System.arraycopy(in, keep, in, 0, inEnd - keep);
            framer.shift(keep);
            inEnd -= keep;
        }
        if (inEnd == in.length) {
            int grown = (int) Math.min((long) in.length * 2, (long) requestLimit() + 1);
            if (grown <= in.length) {
                throw new IllegalStateException("input buffer full below the request limit");
            }
            byte[] bigger = new byte[grown];
            System.arraycopy(in, 0, bigger, 0, inEnd);
            in = bigger;
            inView = ByteBuffer.wrap(in);
        }
    }

    /**
     * Half-closes and drains: closing a socket that still has unread input makes the kernel send
     * a reset, which can destroy the last answer (a 413, a 408) before the client reads it.
     */
    private void linger(long now) throws IOException {
        lingering = true;
        lingerUntil = now + LINGER_NANOS;
        transport.shutdownOutput();
        lingerInterest();
    }

    private void lingerInterest() {
        key.interestOps(SelectionKey.OP_READ | (transport.wantsWrite() ? SelectionKey.OP_WRITE : 0));
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        key.cancel();
        try {
            transport.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", session, e.toString());
        }
    }
}
