package dev.turnstile.server;

import dev.turnstile.json.OutputBuffer;
import dev.turnstile.route.LaterAnswer;
import dev.turnstile.route.Router;
import dev.turnstile.spi.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path of one connection without its socket: bytes in, answer lines out.
 *
 * <pre>
 *   readFrom ─► RequestReader (FramedInput, RequestDecoder, AttachmentHeader; limits by login)
 *                 │ one request (with its attachment, once it has come), or a refusal
 *                 ▼
 *               Router (policy, handler, id echo, encoder) ─► OutputBuffer (lines, attachments) ─► writeTo
 * </pre>
 *
 * <p>{@link #serve} answers every complete request that is buffered, until one of these stops it:
 * the unsent output has reached {@code max-pending-bytes} (backpressure: the rest waits in the
 * input buffer), a later answer is awaited, the last answer has been given, or half of a large
 * pipelined batch is answered ({@link BatchSlices}). The {@link Connection} drives it with a
 * socket, the fuzz test and the benchmark without.
 *
 * <p><b>Later answers.</b>
 * <pre>
 *   SERVING ──handler returned Response.later(stage)──► AWAITING ──stage completed (wake)──► SERVING
 * </pre>
 * While awaiting, the answers before the later one may be written, nothing after it is routed
 * (later requests wait in the input buffer) and nothing is read. The stage's completion, on any
 * thread, records its outcome in a {@link LaterAnswer} and runs the wake-up given to the
 * constructor; the owner then sees {@link #laterReady()} and calls {@link #wake}, which writes the
 * answer with its request's {@code id} and serves on, in order. A {@code closeAfterAnswer} asked
 * during the handler applies once the later answer is written. Independently, {@linkplain #ended()
 * the pipeline ends} when it has given its last answer: after a 413, a handler's
 * {@code closeAfterAnswer}, a refusal such as a 408, or once the input has ended and every complete
 * request is answered.
 *
 * <p><b>Attachments</b> (SPEC §2). A request whose object has {@code "attachment": N} is routed
 * once its N bytes have come, with a view of them in the input buffer; while they come, nothing
 * stops the serving (not backpressure, not a slice), since they must be routed while buffered. The
 * attachment errors (a bad member, no newline, before login, over the limit) end the pipeline like
 * a 413, since the stream cannot be framed any more; every other refusal is the router's, after
 * the bytes: the connection goes on after them.
 *
 * <p>Not thread-safe: the server thread owns it. The hot path (a complete request in the buffer,
 * answered into the output buffer) allocates only what the decoder and the handler do.
 */
public final class RequestPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);

    private final Router router;
    private final RequestReader input;
    private final OutputBuffer out = new OutputBuffer();
    private final ClientSession session;
    private final int maxPendingBytes;
    private final Runnable wakeUp;
    private final BatchSlices slices = new BatchSlices();

    /** The later answer being awaited, or {@code null}. */
    private LaterAnswer later;
    /** Whether the handler that answered later asked to close after its answer. */
    private boolean closeAfterLater;
    private boolean inputEnded;
    /** The server is stopping: an unfinished last request is dropped, not answered. */
    private boolean stopping;
    private boolean ended;
    private long requests;
    private boolean yielded;

    /**
     * @param router the server's router
     * @param maxRequestBytes the largest request once the connection holds a token
     * @param maxPendingBytes how many unsent answer bytes stop the serving of more requests
     * @param maxAttachmentBytes the largest attachment a request may carry
     * @param remote the client's address, for the session and the log
     * @param wakeUp run, on any thread, when a later answer has come, so that the owner calls
     *     {@link #wake} soon; must be safe from any thread
     */
    public RequestPipeline(Router router, int maxRequestBytes, int maxPendingBytes, long maxAttachmentBytes,
            InetSocketAddress remote, Runnable wakeUp) {
        this.router = router;
        this.maxPendingBytes = maxPendingBytes;
        this.session = new ClientSession(remote);
        this.input = new RequestReader(session, maxRequestBytes, maxAttachmentBytes, () -> router.routes().secretMembers());
        this.wakeUp = wakeUp;
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
        int n = input.readFrom(channel);
        if (n > 0) {
            slices.read();
        }
        if (n < 0) {
            inputEnded = true;
        }
        return n;
    }

    /**
     * Appends bytes as a read would, for tests without a channel.
     *
     * @return how many were taken: all, unless an unfinished request fills the buffer to its limit;
     *     none once the pipeline has {@linkplain #ended() ended}
     */
    int append(byte[] bytes, int offset, int length) {
        if (ended) {
            return 0;
        }
        return input.append(bytes, offset, length);
    }

    /** The client will send nothing more (a half-close), for tests without a channel. */
    void endInput() {
        inputEnded = true;
    }

    /**
     * Answers buffered requests until the input runs out of complete ones, the output is over its
     * limit, a later answer is awaited, the last answer is given, or half of a large pipelined
     * batch is answered ({@link #yielded}).
     *
     * @param now the loop's clock, in nanoseconds
     */
    public void serve(long now) {
        yielded = false;
        int answered = 0;
        while (later == null && !ended) {
            if (!input.awaitingAttachment()) {
                if (out.pending() >= maxPendingBytes) {
                    return; // backpressure: the rest waits in the input buffer until the client reads
                }
                if (slices.full(answered)) {
                    yielded = true;
                    return;
                }
            }
            switch (input.next()) {
                case REQUEST -> {
                    requests++;
                    answered++;
                    slices.answered();
                    answer(input.members());
                }
                case REFUSAL -> {
                    requests++;
                    router.refuse(input.code(), input.message(), input.members(), out);
                }
                case LAST_REFUSAL -> {
                    requests++;
                    router.refuse(input.code(), input.message(), input.members(), out);
                    ended = true;
                }
                default -> {
                    if (inputEnded) {
                        if (input.finish(!stopping) == RequestReader.Unit.REFUSAL) {
                            requests++;
                            router.refuse(input.code(), input.message(), input.members(), out);
                        }
                        ended = true;
                    }
                    return;
                }
            }
        }
    }

    /**
     * Writes the later answer once it has come, then serves on.
     *
     * @param now the loop's clock
     */
    public void wake(long now) {
        if (laterReady()) {
            finishLater();
            serve(now);
        }
    }

    /**
     * @return whether the later answer being awaited has come, so {@link #wake} would write it;
     *     safe to ask on every turn of the loop (one volatile read)
     */
    public boolean laterReady() {
        return later != null && later.isDone();
    }

    /**
     * The server is stopping (its timers have fired): a later answer that has come is written, one
     * still pending is answered 503, complete requests are answered, an unfinished one is dropped,
     * and the pipeline ends.
     */
    public void stop(long now) {
        if (later != null) {
            if (later.isDone()) {
                finishLater();
            } else {
                router.abandon(later, 503, "the server is stopping before this answer was ready", out);
                later = null; // its stage may still complete: that records an outcome nobody reads
                endIfCloseAsked();
            }
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
        router.refuse(code, message, out);
        ended = true;
    }

    /**
     * Writes what may be written now, as far as the channel takes it.
     *
     * @return the number of bytes written
     */
    public long writeTo(WritableByteChannel channel) throws IOException {
        return out.writeTo(channel);
    }

    /**
     * @return the output bytes that may be written now, attachments included: all of them, since
     *     nothing after an awaited later answer is routed
     */
    public long writable() {
        return out.pending();
    }

    /**
     * The connection has closed: what is not written is dropped, the files of queued attachments are
     * closed, and a later answer still awaited will be dropped (with its attachment) when it comes.
     */
    public void close() {
        out.discard();
        if (later != null) {
            later.abandon();
            later = null;
        }
        ended = true;
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

    /** @return whether more input is welcome: not after its end or the last answer, not while awaiting or backed up */
    public boolean wantsInput() {
        return !inputEnded && !ended && later == null && out.pending() < maxPendingBytes;
    }

    /** @return whether a later answer is awaited */
    public boolean waiting() {
        return later != null;
    }

    /** @return whether the last answer has been given: no more requests will be answered */
    public boolean ended() {
        return ended;
    }

    /** @return whether the pipeline has ended and every answer has been written */
    public boolean finished() {
        return ended && later == null && out.pending() == 0;
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

    /** Routes one request whose attachment, if it has one, has come. */
    private void answer(Map<String, Object> members) {
        Response response = router.answer(members, input.attachment(), session, out);
        if (response.isLater()) {
            // The handler ran; what it asked of the session applies once its answer is written.
            closeAfterLater = session.takeCloseRequest();
            later = router.await(members, response, session, wakeUp);
            if (later.isDone()) {
                finishLater(); // its stage had completed already: no reason to wait a turn
            }
            return;
        }
        if (response.code() == 400 && LOG.isDebugEnabled()) {
            LOG.debug("400 to {}: {} ({})", session, response.body().get("error"), input.shown());
        }
        if (session.takeCloseRequest()) {
            ended = true;
        }
    }

    private void finishLater() {
        router.finish(later, out);
        later = null;
        endIfCloseAsked();
    }

    private void endIfCloseAsked() {
        if (closeAfterLater) {
            closeAfterLater = false;
            ended = true;
        }
    }
}
