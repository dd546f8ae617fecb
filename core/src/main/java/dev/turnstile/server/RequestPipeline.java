package dev.turnstile.server;

import dev.turnstile.json.FramedInput;
import dev.turnstile.json.JsonFramer;
import dev.turnstile.json.JsonRequestException;
import dev.turnstile.json.OutputBuffer;
import dev.turnstile.json.RequestDecoder;
import dev.turnstile.route.Router;
import dev.turnstile.spi.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path of one connection without its socket: bytes in, answer lines out.
 *
 * <pre>
 *   readFrom / append ─► FramedInput (buffer + JsonFramer, limit by login)
 *                          │ one text
 *                          ▼
 *                        RequestDecoder ─► Router (policy, handler, id echo, encoder) ─► OutputBuffer ─► writeTo
 * </pre>
 *
 * <p>{@link #serve} answers every complete request that is buffered, until one of these stops it:
 * the unsent output has reached {@code max-pending-bytes} (backpressure: the rest waits in the
 * input buffer), an answer is held, a request waits to be retried, or the last answer has been
 * given. The {@link Connection} drives it with a socket, the fuzz test and the benchmark without.
 *
 * <p><b>Phases.</b>
 * <pre>
 *   SERVING ──handler called Session.delayAnswer(d)──► HELD  ──deadline──► SERVING
 *   SERVING ──handler returned Response.retryAfter(d)─► RETRY ──deadline: route the same request again──► SERVING (or RETRY again)
 *   SERVING ──handler returned Response.retryWhen(w, d)► RETRY ──w completed, or deadline: route again──► SERVING (or RETRY again)
 * </pre>
 * While {@code HELD}, the answers before the held one may be written and nothing more; while
 * {@code RETRY}, nothing is written for that request and later requests wait in the input buffer,
 * so answers keep their order. In both, nothing is read. Independently, {@linkplain #ended() the
 * pipeline ends} when it has given its last answer: after a 413, a handler's
 * {@code closeAfterAnswer}, a refusal such as a 408, or once the input has ended and every
 * complete request is answered.
 *
 * <p><b>Waking on work.</b> For a {@code retryWhen}, the pipeline registers the work with its
 * {@link RetrySignal}: when the work completes, on whatever thread, the wait is marked due and the
 * wake-up given to the constructor runs; {@link #wakeDue} then says so and {@link #wake} routes
 * the request again before its deadline. A completion for a wait that is over (answered at its
 * deadline, the pipeline stopped) changes nothing. Without a wake-up (the 4-argument constructor)
 * the mark is only seen at the caller's next {@code wake}.
 *
 * <p>Not thread-safe: the server thread owns it. The hot path (a complete request in the buffer,
 * answered into the output buffer) allocates only what the decoder and the handler do.
 */
public final class RequestPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);
    /** The smallest slice: a batch of fewer than twice this many requests is answered in one go. */
    static final int MIN_SLICE = 16;
    private static final String GARBAGE = "request must be a JSON object starting with \"{\"";

    /** What the pipeline is waiting for, if anything. */
    enum Phase {
        /** Answering requests as they are complete. */
        SERVING,
        /** An answer is held until {@link #deadline()}; only the bytes before it may be written. */
        HELD,
        /** A handler asked to be called again with the same request at {@link #deadline()}. */
        RETRY
    }

    private final Router router;
    private final RequestDecoder decoder = new RequestDecoder();
    private final FramedInput input;
    private final OutputBuffer out = new OutputBuffer();
    private final ClientSession session;
    private final int maxRequestBytes;
    private final int maxPendingBytes;
    private final RetrySignal retrySignal;
    private RequestExcerpt excerpt;

    private Phase phase = Phase.SERVING;
    /** When {@link #phase} ends: the held answer's release, or the retry. */
    private long wakeAt;
    /** While {@code HELD}: how many more bytes, those of the answers before the held one, may be written. */
    private int heldAllowance;
    /** While {@code RETRY}: the request to route again. */
    private Map<String, Object> retrying;
    /** While {@code RETRY} on a handler's work: the wait's number in {@link #retrySignal}; else {@link RetrySignal#NONE}. */
    private long retryWait = RetrySignal.NONE;
    private boolean inputEnded;
    /** The server is stopping: an unfinished last request is dropped, not answered. */
    private boolean stopping;
    private boolean ended;
    private long requests;
    /** Requests answered since the last read: the size of the client's last batch. */
    private int answeredSinceRead;
    /** How many requests {@link #serve} answers before it yields for a write (see {@link #yielded}). */
    private int slice = Integer.MAX_VALUE;
    private boolean yielded;

    /**
     * @param router the server's router
     * @param maxRequestBytes the largest request once the connection holds a token
     * @param maxPendingBytes how many unsent answer bytes stop the serving of more requests
     * @param remote the client's address, for the session and the log
     */
    public RequestPipeline(Router router, int maxRequestBytes, int maxPendingBytes, InetSocketAddress remote) {
        this(router, maxRequestBytes, maxPendingBytes, remote, () -> { });
    }

    /**
     * @param router the server's router
     * @param maxRequestBytes the largest request once the connection holds a token
     * @param maxPendingBytes how many unsent answer bytes stop the serving of more requests
     * @param remote the client's address, for the session and the log
     * @param wakeUp run, on any thread, when work a retry waits for has completed, so that the
     *     owner calls {@link #wake} soon; must be safe from any thread
     */
    public RequestPipeline(Router router, int maxRequestBytes, int maxPendingBytes, InetSocketAddress remote,
            Runnable wakeUp) {
        this.router = router;
        this.maxRequestBytes = maxRequestBytes;
        this.maxPendingBytes = maxPendingBytes;
        this.session = new ClientSession(remote);
        this.input = new FramedInput(requestLimit());
        this.retrySignal = new RetrySignal(wakeUp);
    }

    ClientSession session() {
        return session;
    }

    /**
     * Reads once from the channel, if the input buffer has room, after dropping what is answered.
     *
     * @return the bytes read, possibly 0, or -1 once the client will send nothing more
     */
    public int readFrom(ReadableByteChannel channel) throws IOException {
        input.limit(requestLimit());
        int n = input.readFrom(channel);
        if (n > 0) {
            // A client that pipelines sends its next requests when enough answers are back; a
            // batch as large as its last one is answered in two halves, each written as soon as
            // it is ready, so that the client reads (and sends again) while the rest is answered.
            slice = answeredSinceRead >= 2 * MIN_SLICE ? answeredSinceRead / 2 : Integer.MAX_VALUE;
            answeredSinceRead = 0;
        }
        if (n < 0) {
            inputEnded = true;
        }
        return n;
    }

    /**
     * Appends bytes as a read would, for callers without a channel.
     *
     * @return how many were taken: all, unless an unfinished request fills the buffer to its limit;
     *     none once the pipeline has {@linkplain #ended() ended}
     */
    public int append(byte[] bytes, int offset, int length) {
        if (ended) {
            return 0;
        }
        input.limit(requestLimit());
        return input.append(bytes, offset, length);
    }

    /** The client will send nothing more (a half-close): answer what is complete, then end. */
    public void endInput() {
        inputEnded = true;
    }

    /**
     * Answers buffered requests until the input runs out of complete ones, the output is over its
     * limit, an answer is held, a request waits for its retry, the last answer is given, or half
     * of a large pipelined batch is answered ({@link #yielded}).
     *
     * @param now the loop's clock, in nanoseconds
     */
    public void serve(long now) {
        yielded = false;
        int answered = 0;
        while (phase == Phase.SERVING && !ended) {
            if (out.pending() >= maxPendingBytes) {
                return; // backpressure: the rest waits in the input buffer until the client reads
            }
            if (answered == slice) {
                yielded = true;
                return;
            }
            input.limit(requestLimit());
            switch (input.next()) {
                case TEXT -> {
                    requests++;
                    answered++;
                    answeredSinceRead++;
                    answer(input.bytes(), input.start(), input.end() - input.start(), now);
                }
                case GARBAGE -> {
                    requests++;
                    refuseShown(400, GARBAGE, input.start(), input.end() - input.start());
                }
                case TOO_LARGE -> {
                    requests++;
                    int limit = requestLimit();
                    String beforeLogin = session.token() == null ? " (the limit before login)" : "";
                    LOG.info("413 to {}: request larger than {} bytes{}; closing the connection", session, limit, beforeLogin);
                    refuse(413, "request larger than " + limit + " bytes" + beforeLogin + "; closing the connection");
                }
                default -> {
                    if (inputEnded) {
                        finishInput();
                        ended = true;
                    }
                    return;
                }
            }
        }
    }

    /**
     * Ends a held answer or a retry wait whose deadline has come, or a retry whose work has
     * completed, then serves on.
     *
     * @param now the loop's clock
     */
    public void wake(long now) {
        if (!wakeDue(now)) {
            return;
        }
        if (phase == Phase.HELD) {
            phase = Phase.SERVING;
        } else {
            retryNow(now);
        }
        serve(now);
    }

    /** @return whether {@link #wake} would end the wait now: its deadline has come or its work has completed */
    public boolean wakeDue(long now) {
        return phase != Phase.SERVING && (now - wakeAt >= 0 || retryWorkDone());
    }

    /**
     * @return whether a retry waits for work that has completed, so the request should be routed
     *     again without waiting for any deadline; safe to ask on every turn of the loop (one
     *     volatile read)
     */
    public boolean retryWorkDone() {
        return phase == Phase.RETRY && retrySignal.isDue(retryWait);
    }

    /**
     * The server is stopping: a held answer goes out now, a waiting retry is tried once more (and
     * answered 503 if it still is not ready), complete requests are answered, an unfinished one is
     * dropped, and the pipeline ends.
     */
    public void stop(long now) {
        if (phase == Phase.RETRY) {
            retryNow(now);
            if (phase == Phase.RETRY) {
                retrying = null;
                retryWait = RetrySignal.NONE; // its work may still complete: that wakes nothing now
                phase = Phase.SERVING;
                Router.refuse(503, "the server is stopping before this answer was ready", out);
            }
        }
        if (phase == Phase.HELD) {
            phase = Phase.SERVING; // the server will not wait for the deadline
        }
        stopping = true;
        inputEnded = true;
        serve(now);
    }

    /**
     * Gives a last answer the server decided on its own (a timeout), after the answers already
     * queued; the pipeline then ends.
     */
    public void refuse(int code, String message) {
        Router.refuse(code, message, out);
        ended = true;
    }

    /**
     * Writes what may be written now, as far as the channel takes it.
     *
     * @return the number of bytes written
     */
    public int writeTo(WritableByteChannel channel) throws IOException {
        int written = out.writeTo(channel, writable());
        if (phase == Phase.HELD) {
            heldAllowance -= written;
        }
        return written;
    }

    /** @return the output bytes that may be written now: all, or those before a held answer */
    public int writable() {
        return phase == Phase.HELD ? Math.min(heldAllowance, out.pending()) : out.pending();
    }

    /**
     * @return whether the last {@link #serve} stopped after a slice of a large pipelined batch, so
     *     that the answers so far can be written before it is called again for the rest
     */
    public boolean yielded() {
        return yielded;
    }

    /** @return whether unsent answers have reached {@code max-pending-bytes}, so no request is served */
    public boolean backedUp() {
        return out.pending() >= maxPendingBytes;
    }

    /** @return whether more input is welcome: not after its end or the last answer, not while waiting or backed up */
    public boolean wantsInput() {
        return !inputEnded && !ended && phase == Phase.SERVING && out.pending() < maxPendingBytes;
    }

    /** @return whether an answer is held or a request waits for its retry */
    public boolean waiting() {
        return phase != Phase.SERVING;
    }

    /** @return when the wait ends, on the loop's clock; {@link Long#MAX_VALUE} when not waiting */
    public long deadline() {
        return phase == Phase.SERVING ? Long.MAX_VALUE : wakeAt;
    }

    /** @return whether the last answer has been given: no more requests will be answered */
    public boolean ended() {
        return ended;
    }

    /** @return whether the pipeline has ended and every answer has been written */
    public boolean finished() {
        return ended && phase == Phase.SERVING && out.pending() == 0;
    }

    /** @return whether the client has ended its input */
    public boolean inputEnded() {
        return inputEnded;
    }

    /** @return whether the connection holds a token: full request limit, no login timeout */
    public boolean loggedIn() {
        return session.token() != null;
    }

    /** @return the requests answered (or being answered) so far, errors included */
    public long requests() {
        return requests;
    }

    /** @return the bytes of the input and output buffers' arrays: what the memory bound is about */
    long bufferedCapacity() {
        return (long) input.capacity() + out.capacity();
    }

    /** Ends the retry wait and routes its request again; the handler may ask for another. */
    private void retryNow(long now) {
        Map<String, Object> request = retrying;
        retrying = null;
        retryWait = RetrySignal.NONE;
        phase = Phase.SERVING;
        route(request, -1, 0, now);
    }

    private void answer(byte[] buf, int offset, int length, long now) {
        Map<String, Object> members;
        try {
            members = decoder.decode(buf, offset, length);
        } catch (JsonRequestException e) {
            refuseShown(400, e.getMessage(), offset, length);
            return;
        }
        route(members, offset, length, now);
    }

    /**
     * Routes one decoded request and applies what the handler asked of the connection.
     *
     * @param offset where the request's bytes lie in the input buffer, for a debug line; -1 when
     *     they are gone (a retry)
     */
    private void route(Map<String, Object> members, int offset, int length, long now) {
        int before = out.pending();
        Response response = router.answer(members, session, out);
        if (response.isRetry()) {
            // Nothing is written; what the handler asked of the session waits for the real answer.
            phase = Phase.RETRY;
            retrying = members;
            wakeAt = now + response.retryNanos();
            CompletionStage<?> work = response.retryWork();
            if (work != null) {
                // Work done already (it ended between the handler's look and here) marks the wait
                // due at once; the request still goes again on the loop's next turn, not from here,
                // so other sockets are served between two calls of a handler that keeps retrying.
                retryWait = retrySignal.await(work);
            }
            return;
        }
        if (response.code() == 400 && offset >= 0 && LOG.isDebugEnabled()) {
            LOG.debug("400 to {}: {} ({})", session, response.body().get("error"),
                    excerpt().of(input.bytes(), offset, length));
        }
        long delay = session.takeDelayNanos();
        if (delay > 0) {
            phase = Phase.HELD;
            wakeAt = now + delay;
            heldAllowance = before;
        }
        if (session.takeCloseRequest()) {
            ended = true;
        }
    }

    /** The client will send nothing more: answer an unterminated last request, unless stopping. */
    private void finishInput() {
        JsonFramer.Result rest = input.finish();
        if (stopping || rest == JsonFramer.Result.NEED_MORE) {
            return;
        }
        requests++;
        refuseShown(400, rest == JsonFramer.Result.GARBAGE ? GARBAGE
                : "the connection was closed before the request was complete", input.start(), input.end() - input.start());
    }

    /** Answers a unit the router never saw (garbage, bad JSON, an unfinished last request). */
    private void refuseShown(int code, String message, int offset, int length) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} to {}: {} ({})", code, session, message, excerpt().of(input.bytes(), offset, length));
        }
        Router.refuse(code, message, out);
    }

    private RequestExcerpt excerpt() {
        if (excerpt == null) {
            excerpt = new RequestExcerpt(router.routes().secretMembers());
        }
        return excerpt;
    }

    private int requestLimit() {
        return session.token() == null ? Math.min(ServerConfig.MAX_LOGIN_REQUEST_BYTES, maxRequestBytes) : maxRequestBytes;
    }
}
