package dev.turnstile.server;

import dev.turnstile.json.FramedInput;
import dev.turnstile.json.JsonFramer;
import dev.turnstile.json.JsonRequestException;
import dev.turnstile.json.OutputBuffer;
import dev.turnstile.json.RequestDecoder;
import dev.turnstile.route.LaterAnswer;
import dev.turnstile.route.Router;
import dev.turnstile.spi.Response;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path of one connection without its socket: bytes in, answer lines out.
 *
 * <pre>
 *   readFrom ─► FramedInput (buffer + JsonFramer, limit by login)
 *                 │ one text                         (its attachment, if it has one)
 *                 ▼                                               │
 *               RequestDecoder ─► attachment? ──────────────► when it has come
 *                                      │ no                       │
 *                                      ▼                          ▼
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
 * once its N bytes have come, with a view of them in the input buffer. Before that the member is
 * checked: not a non-negative integer, or no newline after the object, is a 400; before login, or
 * above {@code max-attachment-bytes}, a 413; after each of these the stream cannot be framed any
 * more, so the pipeline ends. Every other refusal (an unknown url, a 401, a handler's error) is the
 * router's, after the bytes have come: the connection goes on after them.
 *
 * <p>Not thread-safe: the server thread owns it. The hot path (a complete request in the buffer,
 * answered into the output buffer) allocates only what the decoder and the handler do.
 */
public final class RequestPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);
    private static final String GARBAGE = "request must be a JSON object starting with \"{\"";
    private static final byte[] ATTACHMENT_NAME = "\"attachment\"".getBytes(StandardCharsets.US_ASCII);

    private final Router router;
    private final RequestDecoder decoder = new RequestDecoder();
    private final FramedInput input;
    private final OutputBuffer out = new OutputBuffer();
    private final ClientSession session;
    private final int maxRequestBytes;
    private final int maxPendingBytes;
    private final long maxAttachmentBytes;
    private final Runnable wakeUp;
    private final BatchSlices slices = new BatchSlices();
    private RequestExcerpt excerpt;

    /** The later answer being awaited, or {@code null}. */
    private LaterAnswer later;
    /** A request whose attachment is still arriving, or {@code null}. */
    private Map<String, Object> awaitingAttachment;
    /** Its excerpt for a debug line, taken while its text was still in the buffer; {@code null} unless debugging. */
    private String awaitingExcerpt;
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
        this.maxRequestBytes = maxRequestBytes;
        this.maxPendingBytes = maxPendingBytes;
        this.maxAttachmentBytes = maxAttachmentBytes;
        this.session = new ClientSession(remote);
        this.input = new FramedInput(requestLimit());
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
        input.limit(requestLimit());
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
        input.limit(requestLimit());
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
            // A request whose attachment is announced is taken whole before anything else: its
            // bytes must be held in the input buffer until it is routed.
            if (awaitingAttachment == null) {
                if (out.pending() >= maxPendingBytes) {
                    return; // backpressure: the rest waits in the input buffer until the client reads
                }
                if (slices.full(answered)) {
                    yielded = true;
                    return;
                }
            }
            input.limit(requestLimit());
            switch (input.next()) {
                case TEXT -> {
                    requests++;
                    answered++;
                    slices.answered();
                    text(input.bytes(), input.start(), input.end() - input.start());
                }
                case ATTACHMENT -> {
                    Map<String, Object> members = awaitingAttachment;
                    awaitingAttachment = null;
                    answer(members, input.attachment(), awaitingExcerpt);
                    awaitingExcerpt = null;
                }
                case NO_NEWLINE -> {
                    String refusal = "a request's attachment follows its object after one newline (LF or CRLF);"
                            + " closing the connection";
                    LOG.info("400 to {}: {}", session, refusal);
                    refuse(400, refusal, awaitingAttachment);
                    awaitingAttachment = null;
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
                Router.abandon(later, 503, "the server is stopping before this answer was ready", out);
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
        refuse(code, message, null);
    }

    /** The last answer, to a request whose members are known (its {@code id} is echoed) or not. */
    private void refuse(int code, String message, Map<String, Object> members) {
        Router.refuse(code, message, members, out);
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

    /** A text has come: decodes it, then answers it, or first waits for its attachment. */
    private void text(byte[] buf, int offset, int length) {
        Map<String, Object> members;
        try {
            members = decoder.decode(buf, offset, length);
        } catch (JsonRequestException e) {
            if (mentionsAttachment(buf, offset, length)) {
                // Raw bytes may follow it, and nothing says how many: they would be read as requests.
                String refusal = e.getMessage() + "; it names \"attachment\", so what follows cannot be framed:"
                        + " closing the connection";
                LOG.info("400 to {}: {}", session, refusal);
                refuse(400, refusal);
            } else {
                refuseShown(400, e.getMessage(), offset, length);
            }
            return;
        }
        Object size = members.get("attachment");
        if (size == null && !members.containsKey("attachment")) {
            answer(members, null, null);
            return;
        }
        long bytes = size instanceof Long n ? n : size instanceof BigInteger big && big.signum() > 0 ? Long.MAX_VALUE : -1;
        String refusal;
        int code = 413;
        if (bytes < 0) {
            code = 400;
            refusal = "\"attachment\" must be a non-negative integer: the number of raw bytes after the request;"
                    + " closing the connection";
        } else if (session.token() == null) {
            refusal = "attachments are allowed only after login; closing the connection";
        } else if (bytes > maxAttachmentBytes) {
            refusal = "attachment of " + size + " bytes is larger than the limit of " + maxAttachmentBytes
                    + " bytes; closing the connection";
        } else {
            awaitingAttachment = members;
            awaitingExcerpt = LOG.isDebugEnabled() ? excerpt().of(buf, offset, length) : null;
            input.expectAttachment(bytes);
            return;
        }
        LOG.info("{} to {}: {}", code, session, refusal);
        refuse(code, refusal, members);
    }

    /** Routes one request whose attachment, if it has one, has come. */
    private void answer(Map<String, Object> members, ByteBuffer attachment, String shown) {
        Response response = router.answer(members, attachment, session, out);
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
            LOG.debug("400 to {}: {} ({})", session, response.body().get("error"),
                    attachment == null ? excerpt().of(input.bytes(), input.start(), input.end() - input.start()) : shown);
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

    /** The client will send nothing more: answer an unterminated last request, unless stopping. */
    private void finishInput() {
        JsonFramer.Result rest = input.finish();
        if (awaitingAttachment != null) {
            Map<String, Object> members = awaitingAttachment;
            awaitingAttachment = null;
            if (!stopping) {
                Router.refuse(400, "the connection was closed before the request's attachment was complete", members, out);
            }
            return;
        }
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

    /** @return whether a text that is not valid JSON holds {@code "attachment"}, as a member name or otherwise */
    private static boolean mentionsAttachment(byte[] buf, int offset, int length) {
        for (int i = offset; i + ATTACHMENT_NAME.length <= offset + length; i++) {
            if (buf[i] == '"' && Arrays.equals(buf, i, i + ATTACHMENT_NAME.length, ATTACHMENT_NAME, 0, ATTACHMENT_NAME.length)) {
                return true;
            }
        }
        return false;
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
