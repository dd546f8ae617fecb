package dev.turnstile.server;

import dev.turnstile.route.Router;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client: its {@link Transport}, its {@link RequestPipeline}, its timers, and the rules that
 * decide when to read, when to write and when to close. It knows no selector: the loop asks it
 * for its {@link #interest()} and {@link #deadline()} after every event.
 *
 * <p><b>States.</b>
 * <pre>
 *   OPEN ◄──────────── the stage completed: its answer is written ─────────────┐
 *    │ │                                                                      │
 *    │ ├─ a handler answered later (Response.later) ─► HELD ─────────────────┘
 *    │ │
 *    │ └─ client half-closes ─► HALF_CLOSED ─ all answered and written ───────────┐
 *    │                                                                          ▼
 *    └─ last answer given (413, 408, closeAfterAnswer) ─► CLOSING ─ written ─► LINGERING ─ EOF or 2 s ─► CLOSED
 *                                                          (input already ended: straight to CLOSED)
 * </pre>
 * <ul>
 *   <li>{@code OPEN}: reads while input is welcome, answers, writes. Idle and login timeouts run.</li>
 *   <li>{@code HELD}: the pipeline awaits a later answer ({@code Response.later}); the answers
 *       before it are written, nothing is read, and the timeouts wait, because the client is
 *       waiting for the server. The stage's completion runs the wake-up given to the constructor,
 *       and the loop's next {@link #checkTimers} writes the answer and serves on.</li>
 *   <li>{@code HALF_CLOSED}: the client sends nothing more; every complete request is still
 *       answered, then the connection closes.</li>
 *   <li>{@code CLOSING}: the last answer is queued; once written, the connection lingers.</li>
 *   <li>{@code LINGERING}: output shut down; input is read and dropped until the client closes or
 *       two seconds pass, because closing a socket with unread input sends a reset that can destroy
 *       the last answer before the client reads it.</li>
 *   <li>{@code CLOSED}: the transport is closed; the loop disconnects the session.</li>
 * </ul>
 * Any I/O error closes the connection from any state. Every event ends in {@link #serve}: answer
 * what is buffered and write it (a large pipelined batch in two slices, each written as it is
 * ready; see {@code RequestPipeline#yielded}), then settle the state.
 */
final class Connection {

    /** Where a connection is in its life; see the class comment for the transitions. */
    enum State { OPEN, HELD, HALF_CLOSED, CLOSING, LINGERING, CLOSED }

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    /** How long a closing connection keeps draining input so its last answer is not lost to a reset. */
    private static final long LINGER_NANOS = 2_000_000_000L;
    private static final int DRAIN_BYTES = 4096;

    private final Transport transport;
    private final ServerConfig config;
    private final RequestPipeline pipeline;
    private final ConnectionTimer timer;

    private State state = State.OPEN;
    private long lingerUntil;
    private ByteBuffer drainScratch;

    /**
     * @param wakeUp makes the loop turn now, from any thread: run when a later answer has come
     */
    Connection(Transport transport, InetSocketAddress remote, ServerConfig config, Router router, long now,
            Runnable wakeUp) {
        this.transport = transport;
        this.config = config;
        this.pipeline = new RequestPipeline(router, config.maxRequestBytes(), config.maxPendingBytes(),
                config.maxAttachmentBytes(), remote, wakeUp);
        this.timer = new ConnectionTimer(config.idleTimeout().toNanos(), config.loginTimeout().toNanos(), now);
    }

    ClientSession session() {
        return pipeline.session();
    }

    State state() {
        return state;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    long requests() {
        return pipeline.requests();
    }

    /** @return the bytes the pipeline's buffers hold now, for tests of the memory bound */
    long bufferedCapacity() {
        return pipeline.bufferedCapacity();
    }

    /** @return the nearest deadline on the loop's clock: linger end or a timeout; none while awaiting an answer */
    long deadline() {
        return switch (state) {
            case LINGERING -> lingerUntil;
            case HELD, CLOSED -> Long.MAX_VALUE;
            default -> timer.deadline();
        };
    }

    /** @return the selection interest this state needs: read only if input is welcome, write only if bytes remain */
    int interest() {
        return switch (state) {
            case CLOSED -> 0;
            case LINGERING -> SelectionKey.OP_READ | (transport.wantsWrite() ? SelectionKey.OP_WRITE : 0);
            default -> ((pipeline.wantsInput() || transport.wantsRead()) ? SelectionKey.OP_READ : 0)
                    | (writable() > 0 || transport.wantsWrite() ? SelectionKey.OP_WRITE : 0);
        };
    }

    /** @return whether input already received waits to be read, so the loop must not sleep */
    boolean readPending() {
        return state != State.CLOSED && state != State.LINGERING && pipeline.wantsInput() && transport.hasBufferedInput();
    }

    void onReadable(long now) throws IOException {
        if (state == State.LINGERING) {
            transport.flush();
            drainScratch.clear();
            if (transport.drain(drainScratch) < 0) {
                close();
            }
            return;
        }
        if (state == State.CLOSED) {
            return;
        }
        if (pipeline.wantsInput() || transport.wantsRead()) {
            if (pipeline.readFrom(transport) > 0) {
                timer.activity(now);
            }
        }
        serve(now);
    }

    void onWritable(long now) throws IOException {
        if (state == State.LINGERING) {
            transport.flush();
            return;
        }
        if (state != State.CLOSED) {
            serve(now);
        }
    }

    /**
     * Writes a later answer that has come and serves on; sends the 408 line if a timeout has
     * passed, then closes; ends a linger that ran out.
     */
    void checkTimers(long now) throws IOException {
        switch (state) {
            case CLOSED -> { }
            case LINGERING -> {
                if (now - lingerUntil >= 0) {
                    close();
                }
            }
            case HELD -> {
                if (pipeline.laterReady()) {
                    timer.activity(now);
                    pipeline.wake(now);
                    serve(now);
                }
            }
            default -> expire(now);
        }
    }

    private void expire(long now) throws IOException {
        ConnectionTimer.Expiry expiry = timer.expired(now);
        if (expiry == ConnectionTimer.Expiry.NONE) {
            return;
        }
        if (pipeline.ended()) {
            // Already saying goodbye and the client does not take our bytes: stop waiting.
            LOG.info("closing {}: it stopped reading its last answers", session());
            close();
            return;
        }
        boolean login = expiry == ConnectionTimer.Expiry.LOGIN;
        long seconds = (login ? config.loginTimeout() : config.idleTimeout()).toSeconds();
        String message = login
                ? "not logged in within " + seconds + " seconds; closing the connection"
                : "no request for " + seconds + " seconds; closing the connection";
        LOG.info("timeout for {}: {}", session(), message);
        pipeline.refuse(408, message);
        serve(now);
    }

    /** The server is stopping: answer what is complete (reading what already arrived), drop the rest, then close. */
    void stop(long now) throws IOException {
        if (state == State.LINGERING) {
            close(); // its last answer is written; the server will not wait out the linger
            return;
        }
        if (state == State.CLOSED) {
            return;
        }
        if (pipeline.wantsInput()) {
            // Take what the client already sent, so it is answered too. (Not while backpressure
            // holds unanswered requests in the buffer: those are answered first.)
            pipeline.readFrom(transport);
        }
        pipeline.stop(now);
        serve(now);
    }

    private void serve(long now) throws IOException {
        boolean more;
        do {
            pipeline.serve(now);
            if (pipeline.loggedIn()) {
                timer.loggedIn();
            }
            boolean backedUp = pipeline.backedUp();
            transport.flush();
            if (writable() > 0 && pipeline.writeTo(transport) > 0) {
                timer.activity(now);
            }
            // Requests already buffered wait behind backpressure, or behind the slice the pipeline
            // just wrote. If this write took the output under its limit, or a slice was written,
            // serve them now: no socket event may come for them (the client waits for its answers,
            // and a TLS transport may hold them already read).
            more = (backedUp && !pipeline.backedUp()) || pipeline.yielded();
        } while (more);
        settle(now);
    }

    /** Picks the state that follows from the pipeline's and the transport's. */
    private void settle(long now) throws IOException {
        if (pipeline.finished() && !transport.wantsWrite()) {
            if (pipeline.inputEnded()) {
                close();
            } else {
                linger(now);
            }
        } else if (pipeline.waiting()) {
            state = State.HELD;
        } else if (pipeline.ended()) {
            state = State.CLOSING;
        } else if (pipeline.inputEnded()) {
            state = State.HALF_CLOSED;
        } else {
            state = State.OPEN;
        }
    }

    /** @return the output bytes that may go to the transport now */
    private long writable() {
        return transport.acceptsData() ? pipeline.writable() : 0;
    }

    /**
     * Half-closes and drains: closing a socket that still has unread input makes the kernel send
     * a reset, which can destroy the last answer (a 413, a 408) before the client reads it.
     */
    private void linger(long now) throws IOException {
        state = State.LINGERING;
        lingerUntil = now + LINGER_NANOS;
        drainScratch = ByteBuffer.allocate(DRAIN_BYTES);
        transport.shutdownOutput();
    }

    void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        pipeline.close(); // closes the files of attachments not sent
        try {
            transport.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", session(), e.toString());
        }
    }
}
