package dev.turnstile.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What a handler answers: a code and the members written after it, or an answer that
 * {@linkplain #later completes later}. The server writes it as one JSON line, {@code code} first,
 * then the request's {@code id} if it had one, then the body in its map's iteration order.
 *
 * <p>Body values may be {@code null}, {@link String}, {@link Boolean}, any integral
 * {@link Number}, a finite {@link Double} or {@link Float}, {@link java.math.BigDecimal},
 * {@link java.util.List} (or any {@link Iterable}) and {@link Map} with {@code String} keys,
 * nested to any reasonable depth. The names {@code code}, {@code id} and {@code attachment} belong
 * to the server.
 */
public final class Response {

    private static final Response OK = new Response(200, Map.of(), null, null);

    private final int code;
    private final Map<String, ?> body;
    private final Attachment attachment;
    /** For {@link #later}: the answer to come; otherwise {@code null}. */
    private final CompletionStage<? extends Response> later;

    private Response(int code, Map<String, ?> body, Attachment attachment, CompletionStage<? extends Response> later) {
        this.code = code;
        this.body = body;
        this.attachment = attachment;
        this.later = later;
    }

    private static Response answer(int code, Map<String, ?> body) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("a response code is 100 to 599, not " + code);
        }
        if (body.containsKey("code") || body.containsKey("id") || body.containsKey("attachment")) {
            throw new IllegalArgumentException("\"code\", \"id\" and \"attachment\" are set by the server, not in the body");
        }
        return new Response(code, body, null, null);
    }

    /**
     * A 200 with no other members: {@code {"code":200}}.
     *
     * @return the response
     */
    public static Response ok() {
        return OK;
    }

    /**
     * A 200 with the given members.
     *
     * @param body the members after {@code code}; the map is used as it is, not copied
     * @return the response
     */
    public static Response ok(Map<String, ?> body) {
        return answer(200, body);
    }

    /**
     * A 200 with one member, such as {@code {"code":200,"pong":true}}.
     *
     * @param name the member's name
     * @param value the member's value
     * @return the response
     */
    public static Response ok(String name, Object value) {
        return answer(200, Collections.singletonMap(name, value));
    }

    /**
     * A response with any code. Errors are better thrown as {@link HandlerException}; this is for
     * codes such as 200 variants a protocol of your own defines.
     *
     * @param code the code, 100 to 599
     * @param body the members after {@code code}
     * @return the response
     */
    public static Response of(int code, Map<String, ?> body) {
        return answer(code, body);
    }

    /**
     * An answer that is not ready yet: slow work runs elsewhere (a background hash, a long poll, a
     * delay). The handler has run, once; the server keeps this answer's place in the connection's
     * order, reads and answers nothing after it until {@code answer} completes, then writes it (a
     * completion on any thread wakes the server thread). Requests the client pipelined behind it are
     * answered after it, in order, and other connections (a second client's 503) are served meanwhile.
     *
     * <pre>{@code
     * CompletableFuture<Response> job = CompletableFuture.supplyAsync(() -> hash(file), executor);
     * return Response.later(job);
     * }</pre>
     *
     * <p>A stage that fails with a {@link HandlerException} (directly or wrapped in a
     * {@link java.util.concurrent.CompletionException}) is answered with its code and message; any
     * other failure is a 500, logged with its stack trace. An answer that is itself {@code later}
     * is a 500. A completion that arrives after the connection has closed, or after the server has
     * stopped waiting for it, is ignored. When the server stops, it completes every
     * {@link ServerTimer#after} future at once, then answers 503 for a stage still pending.
     *
     * <p>The {@link Session} may only be used while {@link Handler#handle} runs: decide a
     * {@link Session#closeAfterAnswer()} there; the server applies it once this answer is written.
     *
     * @param answer the answer to come; not {@code null}
     * @return the deferred answer
     */
    public static Response later(CompletionStage<? extends Response> answer) {
        return new Response(0, Map.of(), null, Objects.requireNonNull(answer, "answer"));
    }

    /**
     * This answer with raw bytes after its line (SPEC §2): the server adds {@code "attachment": N}
     * to the line. Send one only where the request asked for it.
     *
     * @param attachment the bytes or the file region; the server owns it from now on
     * @return a new response with the same code and body
     * @throws IllegalStateException when called on a {@link #later} answer
     */
    public Response withAttachment(Attachment attachment) {
        if (later != null) {
            throw new IllegalStateException("a later answer gets its attachment when it completes");
        }
        return new Response(code, body, Objects.requireNonNull(attachment, "attachment"), null);
    }

    /** @return whether this is a {@link #later} answer */
    public boolean isLater() {
        return later != null;
    }

    /** @return for a {@link #later} answer, the answer to come; otherwise {@code null} */
    public CompletionStage<? extends Response> later() {
        return later;
    }

    /** @return the code; 0 for a {@link #later} answer */
    public int code() {
        return code;
    }

    /** @return the members after {@code code}, in the order they are written */
    public Map<String, ?> body() {
        return body;
    }

    /** @return the raw bytes that follow the line, or {@code null} for none */
    public Attachment attachment() {
        return attachment;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Response that && code == that.code && body.equals(that.body)
                && attachment == that.attachment && later == that.later;
    }

    @Override
    public int hashCode() {
        return 31 * code + body.hashCode();
    }

    @Override
    public String toString() {
        if (later != null) {
            return "Response[later]";
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("code", code);
        all.putAll(body);
        if (attachment != null) {
            all.put("attachment", attachment.size());
        }
        return all.toString();
    }
}
