package dev.turnstile.spi;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What a handler answers: a code and the members written after it. The server writes it as one
 * JSON line, {@code code} first, then the request's {@code id} if it had one, then the body in
 * its map's iteration order.
 *
 * <p>Body values may be {@code null}, {@link String}, {@link Boolean}, any integral
 * {@link Number}, a finite {@link Double} or {@link Float}, {@link java.math.BigDecimal},
 * {@link java.util.List} (or any {@link Iterable}) and {@link Map} with {@code String} keys,
 * nested to any reasonable depth. The names {@code code} and {@code id} belong to the server.
 */
public final class Response {

    private static final Response OK = new Response(200, Map.of());

    private final int code;
    private final Map<String, ?> body;
    /**
     * For {@link #retryAfter} and {@link #retryWhen}: how long until the handler is asked again at
     * the latest; -1 for an answer.
     */
    private final long retryNanos;
    /** For {@link #retryWhen}: the work whose completion asks the handler again; otherwise {@code null}. */
    private final CompletionStage<?> retryWork;

    private Response(int code, Map<String, ?> body) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("a response code is 100 to 599, not " + code);
        }
        if (body.containsKey("code") || body.containsKey("id")) {
            throw new IllegalArgumentException("\"code\" and \"id\" are set by the server, not in the body");
        }
        this.code = code;
        this.body = body;
        this.retryNanos = -1;
        this.retryWork = null;
    }

    private Response(Duration retry, CompletionStage<?> work) {
        this.code = 0;
        this.body = Map.of();
        this.retryNanos = retry.toNanos();
        this.retryWork = work;
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
        return new Response(200, body);
    }

    /**
     * A 200 with one member, such as {@code {"code":200,"pong":true}}.
     *
     * @param name the member's name
     * @param value the member's value
     * @return the response
     */
    public static Response ok(String name, Object value) {
        return new Response(200, Collections.singletonMap(name, value));
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
        return new Response(code, body);
    }

    /**
     * Not an answer yet: the work it needs runs elsewhere (a background hash, say). The server
     * writes nothing for it, keeps the request at the head of its connection, and calls
     * {@link Handler#handle} again with the same request after {@code delay}. Meanwhile the
     * connection's later requests wait, so answers keep their order, and the server thread is free
     * for everything else. Use it instead of blocking the server thread for more than a few
     * milliseconds. When the work is a {@link CompletionStage}, {@link #retryWhen} asks again as
     * soon as it is done instead of at a guess.
     *
     * @param delay how long until the handler is asked again, 1 ms to 1 s
     * @return the marker
     */
    public static Response retryAfter(Duration delay) {
        if (delay.compareTo(Duration.ofMillis(1)) < 0 || delay.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("a retry delay is 1 ms to 1 s, not " + delay);
        }
        return new Response(delay, null);
    }

    /**
     * Not an answer yet, and {@code work} is what it waits for: as {@link #retryAfter}, but the
     * server calls {@link Handler#handle} again with the same request as soon as {@code work}
     * completes (normally, exceptionally or by cancellation), and at the latest after
     * {@code atMost}. A job that ends in 2 ms is answered then, not at the next poll.
     *
     * <pre>{@code
     * CompletableFuture<Response> job = ... // started on your executor by the first call, kept in the session
     * if (!job.isDone()) {
     *     return Response.retryWhen(job, Duration.ofSeconds(1));
     * }
     * return job.join();
     * }</pre>
     *
     * <p>The next call is only a call: the server does not look at the work's result, so the
     * handler finds it itself (keep the job in {@link Session#attributes()}, keyed by your url, with
     * the request it belongs to) and answers, or returns another retry. That next call may come
     * before the work is done (at {@code atMost}, or once more when the server stops), so answer
     * from what you find done, never from having been called.
     *
     * <p><b>Threading.</b> The server adds a small action to {@code work} on the server thread; it
     * runs on whichever thread completes the work, and only marks the request as due and wakes the
     * server thread, so it does not delay that thread. Work that is already done when the server
     * looks (it may finish between your check and your return) is retried on the server thread's
     * next turn. After the connection has closed or the request has been answered, a completion
     * changes nothing. {@code atMost} is the safety net for work that never completes: keep it
     * short enough that a lost job costs the client little (a second is a good default).
     *
     * @param work what the answer waits for; not {@code null}
     * @param atMost how long until the handler is asked again even if the work is not done, 1 ms to 1 min
     * @return the marker
     */
    public static Response retryWhen(CompletionStage<?> work, Duration atMost) {
        Objects.requireNonNull(work, "work");
        if (atMost.compareTo(Duration.ofMillis(1)) < 0 || atMost.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("a retry's longest wait is 1 ms to 1 min, not " + atMost);
        }
        return new Response(atMost, work);
    }

    /** @return whether this is {@link #retryAfter} or {@link #retryWhen} rather than an answer */
    public boolean isRetry() {
        return retryNanos >= 0;
    }

    /**
     * @return for {@link #retryAfter}, the delay in nanoseconds; for {@link #retryWhen}, the longest
     *     wait; -1 for an answer
     */
    public long retryNanos() {
        return retryNanos;
    }

    /**
     * @return for {@link #retryWhen}, the work whose completion asks the handler again; {@code null}
     *     for {@link #retryAfter} and for an answer
     */
    public CompletionStage<?> retryWork() {
        return retryWork;
    }

    /** @return the code; 0 for a retry */
    public int code() {
        return code;
    }

    /** @return the members after {@code code}, in the order they are written */
    public Map<String, ?> body() {
        return body;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Response that && code == that.code && body.equals(that.body)
                && retryNanos == that.retryNanos && retryWork == that.retryWork;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * code + body.hashCode()) + Long.hashCode(retryNanos)) + System.identityHashCode(retryWork);
    }

    @Override
    public String toString() {
        if (retryWork != null) {
            return "Response[retry when its work is done, at most after " + Duration.ofNanos(retryNanos) + "]";
        }
        if (isRetry()) {
            return "Response[retry after " + Duration.ofNanos(retryNanos) + "]";
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("code", code);
        all.putAll(body);
        return all.toString();
    }
}
