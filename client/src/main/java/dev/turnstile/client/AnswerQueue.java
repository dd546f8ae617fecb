package dev.turnstile.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The requests that await their answers, oldest first. The server answers in request order, so
 * each answer line belongs to the oldest waiting request. A semaphore bounds how many may wait:
 * {@link #reserve} blocks while the window is full.
 *
 * <p>Each waiting request says how its answer is read ({@link Awaited}): most take a parsed
 * {@link Reply}; some read a 200 answer straight from the line's bytes, which spares a large answer
 * the general parse. An answer may carry an attachment (SPEC §2): {@link #answer} hands back a
 * {@link Delivery}, which takes the attachment's bytes as they arrive (to the request's sink, or
 * nowhere) and only then completes the request, so a caller sees its answer once the bytes are
 * where they belong.
 *
 * <p>Once the connection has ended every waiting and later request fails the same way: with the
 * server's last word (a 408, 413 or 503, after which it closes; or any answer nobody asked for)
 * as a {@link TurnstileException}, else with the I/O failure that ended it.
 */
final class AnswerQueue {

    /** How every 200 answer line begins: {@code code} is the first member (SPEC §2). */
    private static final byte[] OK_PREFIX = "{\"code\":200".getBytes(StandardCharsets.US_ASCII);
    /** How the member that announces an attachment begins, where Turnstile writes it: last. */
    private static final byte[] ATTACHMENT_MEMBER = "\"attachment\":".getBytes(StandardCharsets.US_ASCII);

    private final Semaphore window;
    private final Deque<Awaited<?>> waiting = new ArrayDeque<>();
    private Reply farewell;
    private IOException ended;
    /** The request whose answer the reader thread is handing over, until it is settled. */
    private Awaited<?> delivering;

    /**
     * One request awaiting its answer: the future its caller holds, and how to read the answer.
     * The methods run on the reader thread, before the request leaves the queue; they only compute,
     * and the future is completed afterwards, outside every lock.
     */
    abstract static class Awaited<T> {
        final CompletableFuture<T> future = new CompletableFuture<>();

        /** @return the answer read from a 200 line's bytes, or {@code null} to have it parsed */
        T fromLine(byte[] line, int offset, int length) throws IOException {
            return null;
        }

        /** @return the value for a parsed answer of any code */
        abstract T fromReply(Reply reply) throws IOException, TurnstileException;

        /**
         * @param value what {@link #fromReply} made of the answer
         * @return where the answer's attachment of {@code length} bytes goes, or {@code null} to skip it
         */
        AttachmentSink attachment(Object value, long length) throws IOException {
            return null;
        }

        @SuppressWarnings("unchecked")
        final void complete(Object value) {
            future.complete((T) value);
        }
    }

    /** A request whose caller takes the parsed answer whatever its code. */
    static Awaited<Reply> reply() {
        return new Awaited<>() {
            @Override
            Reply fromReply(Reply reply) {
                return reply;
            }
        };
    }

    /** A request whose caller takes the parsed answer whatever its code, and its attachment into {@code sink}. */
    static Awaited<Reply> reply(AttachmentSink sink) {
        return new Awaited<>() {
            @Override
            Reply fromReply(Reply reply) {
                return reply;
            }

            @Override
            AttachmentSink attachment(Object value, long length) {
                return sink;
            }
        };
    }

    /** A request whose caller wants a 200 answer read by {@code reader}, else a failure. */
    static <T> Awaited<T> read(AnswerReader<T> reader) {
        return new Awaited<>() {
            @Override
            @SuppressWarnings("unchecked")
            AttachmentSink attachment(Object value, long length) throws IOException {
                return reader.attachment((T) value, length);
            }

            @Override
            T fromLine(byte[] line, int offset, int length) throws IOException {
                return reader.readLine(line, offset, length);
            }

            @Override
            T fromReply(Reply reply) throws IOException, TurnstileException {
                if (!reply.isOk()) {
                    throw new TurnstileException(reply);
                }
                return reader.read(reply.body());
            }
        };
    }

    AnswerQueue(int maxInFlight) {
        this.window = new Semaphore(maxInFlight);
    }

    /** Waits for room in the window; {@link #enqueue} or {@link #release} must follow. */
    void reserve() throws InterruptedIOException {
        try {
            window.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to send a request");
        }
    }

    void release() {
        window.release();
    }

    /** {@link #enqueue(Awaited)} for a request that takes its answer whatever the code. */
    CompletableFuture<Reply> enqueue() {
        return enqueue(reply());
    }

    /**
     * Adds a request that is about to be written, holding the permit from {@link #reserve}.
     *
     * @return its answer to come, or an already failed future when the connection has ended
     */
    synchronized <T> CompletableFuture<T> enqueue(Awaited<T> request) {
        if (ended != null) {
            window.release();
            request.future.completeExceptionally(failure());
        } else {
            waiting.add(request);
        }
        return request.future;
    }

    /**
     * One answer being handed over: its attachment's bytes go to {@link #bytes} as they arrive
     * ({@link #attachment()} of them; none when it has no attachment), then {@link #settle}
     * completes the request. Used by the reader thread only.
     */
    final class Delivery implements AnswerFramer.Handover {
        private final Awaited<?> request;
        private final long attachment;
        private final Object value;
        private AttachmentSink sink;
        private Throwable failure;

        private Delivery(Awaited<?> request, long attachment, AttachmentSink sink, Object value, Throwable failure) {
            this.request = request;
            this.attachment = attachment;
            this.sink = sink;
            this.value = value;
            this.failure = failure;
        }

        /** @return how many bytes of attachment follow the answer's line */
        @Override
        public long attachment() {
            return attachment;
        }

        /** Takes the next piece of the attachment; after a sink's failure, the rest is skipped. */
        @Override
        public void bytes(java.nio.ByteBuffer piece) {
            if (sink == null) {
                return;
            }
            try {
                sink.accept(piece);
            } catch (IOException | RuntimeException e) {
                failure = e;
                sink = null;
            }
        }

        /** Completes the request with its value, or with the failure met on the way. */
        @Override
        public void settle() {
            if (request != null) {
                AnswerQueue.this.settle(request, value, failure);
            }
        }
    }

    /**
     * Hands an answer line to the oldest waiting request: read straight from its bytes when that
     * request can and the line announces no attachment at its end, else parsed.
     *
     * @param line a buffer holding the line, without its newline; used only during this call
     * @return the delivery, whose attachment must be handed over before it is settled
     * @throws IOException when the line is not a Turnstile answer (the connection cannot go on)
     */
    Delivery answer(byte[] line, int offset, int length) throws IOException {
        Awaited<?> oldest;
        synchronized (this) {
            oldest = waiting.peek();
        }
        if (oldest != null && isOk(line, offset, length) && !endsWithAttachment(line, offset, length)) {
            Object value;
            try {
                value = oldest.fromLine(line, offset, length);
            } catch (IOException | RuntimeException e) {
                return new Delivery(oldest, 0, null, null, e);
            }
            if (value != null) {
                return new Delivery(oldest, 0, null, value, null);
            }
        }
        return answer(parse(new String(line, offset, length, StandardCharsets.UTF_8)));
    }

    /**
     * Hands a parsed answer to the oldest waiting request.
     *
     * @throws IOException when its {@code attachment} member is not a byte count (the stream can no
     *     longer be framed)
     */
    Delivery answer(Reply reply) throws IOException {
        long attachment = attachmentOf(reply);
        Awaited<?> oldest;
        synchronized (this) {
            oldest = waiting.peek();
            if (attachment >= 0) {
                delivering = oldest; // its sink takes the bytes on this thread until the delivery settles
            }
            if (oldest == null || closesConnection(reply)) {
                farewell = reply;
            }
        }
        if (oldest == null) {
            return new Delivery(null, Math.max(0, attachment), null, null, null);
        }
        Object value = null;
        AttachmentSink sink = null;
        try {
            value = oldest.fromReply(reply);
            if (attachment >= 0) {
                sink = oldest.attachment(value, attachment);
            }
        } catch (IOException | TurnstileException | RuntimeException e) {
            return new Delivery(oldest, Math.max(0, attachment), null, null, e);
        }
        return new Delivery(oldest, Math.max(0, attachment), sink, value, null);
    }

    /** @return the attachment's byte count, or -1 when the answer has none */
    private static long attachmentOf(Reply reply) throws IOException {
        if (!reply.body().containsKey("attachment")) {
            return -1;
        }
        if (reply.body().get("attachment") instanceof Long count && count >= 0) {
            return count;
        }
        String start = reply.line().length() > 80 ? reply.line().substring(0, 80) + "…" : reply.line();
        throw new IOException("the server sent an answer whose \"attachment\" is not a byte count: " + start);
    }

    /** @return whether the line ends with {@code "attachment":N}, as Turnstile writes an answer that has one */
    static boolean endsWithAttachment(byte[] line, int offset, int length) {
        int i = offset + length - 1;
        if (i < offset || line[i] != '}') {
            return false;
        }
        int digits = i;
        while (i > offset && line[i - 1] >= '0' && line[i - 1] <= '9') {
            i--;
        }
        if (i == digits || i - offset < ATTACHMENT_MEMBER.length) {
            return false;
        }
        return java.util.Arrays.equals(line, i - ATTACHMENT_MEMBER.length, i, ATTACHMENT_MEMBER, 0,
                ATTACHMENT_MEMBER.length);
    }

    /** Takes the oldest request out of the queue, gives back its room, then completes it. */
    private void settle(Awaited<?> oldest, Object value, Throwable failure) {
        synchronized (this) {
            delivering = null;
            if (waiting.peek() != oldest) {
                return; // the connection ended meanwhile, and that failed the request
            }
            waiting.poll();
        }
        window.release();
        // Completed outside the lock: callbacks run here, and may submit more requests.
        if (failure != null) {
            oldest.future.completeExceptionally(failure);
        } else {
            oldest.complete(value);
        }
    }

    /**
     * Ends the connection: fails every waiting request, and every later one at once; except the
     * request whose answer the reader thread is handing over at this moment, whose sink may be
     * taking its bytes: the reader settles it, or fails it with {@link #endAll}, once it has let go.
     */
    void end(IOException cause) {
        end(cause, false);
    }

    /** {@link #end}, by the reader thread once it reads no more: the answer it was handing over fails too. */
    void endAll(IOException cause) {
        end(cause, true);
    }

    private void end(IOException cause, boolean all) {
        List<Awaited<?>> failed;
        Throwable failure;
        synchronized (this) {
            if (ended == null) {
                ended = cause;
            }
            failed = new ArrayList<>(waiting);
            waiting.clear();
            if (!all && delivering != null && failed.remove(delivering)) {
                waiting.add(delivering);
            }
            failure = failure();
        }
        for (Awaited<?> request : failed) {
            window.release();
            request.future.completeExceptionally(failure);
        }
    }

    /** @return how many more requests may be sent before {@link #reserve} blocks */
    int room() {
        return window.availablePermits();
    }

    /** The server closes the connection after these codes: timeout, too large, busy. */
    private static boolean closesConnection(Reply reply) {
        return reply.code() == 408 || reply.code() == 413 || reply.code() == 503;
    }

    /** @return whether the line begins <code>&#123;"code":200</code> and a comma or the closing brace */
    private static boolean isOk(byte[] line, int offset, int length) {
        if (length <= OK_PREFIX.length) {
            return false;
        }
        for (int i = 0; i < OK_PREFIX.length; i++) {
            if (line[offset + i] != OK_PREFIX[i]) {
                return false;
            }
        }
        byte next = line[offset + OK_PREFIX.length];
        return next == ',' || next == '}';
    }

    /** Parses an answer line; a line that is not a JSON object with an integer code ends the connection. */
    static Reply parse(String line) throws IOException {
        try {
            Map<String, Object> body = JsonMaps.parseObject(line);
            if (body.get("code") instanceof Long) {
                return new Reply(((Long) body.get("code")).intValue(), body, line);
            }
        } catch (IllegalArgumentException e) {
            // Reported below, with the line itself.
        }
        String start = line.length() > 80 ? line.substring(0, 80) + "…" : line;
        throw new IOException("the server sent a line that is not a Turnstile answer: " + start);
    }

    /** @return whether no request awaits its answer */
    synchronized boolean isIdle() {
        return waiting.isEmpty();
    }

    synchronized boolean isEnded() {
        return ended != null;
    }

    private Throwable failure() {
        return farewell != null ? new TurnstileException(farewell) : ended;
    }
}
