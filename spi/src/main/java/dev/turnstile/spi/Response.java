package dev.turnstile.spi;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
    /** For {@link #retryAfter}: how long until the handler is asked again; -1 for an answer. */
    private final long retryNanos;

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
    }

    private Response(Duration retry) {
        this.code = 0;
        this.body = Map.of();
        this.retryNanos = retry.toNanos();
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
     * milliseconds.
     *
     * @param delay how long until the handler is asked again, 1 ms to 1 s
     * @return the marker
     */
    public static Response retryAfter(Duration delay) {
        if (delay.compareTo(Duration.ofMillis(1)) < 0 || delay.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("a retry delay is 1 ms to 1 s, not " + delay);
        }
        return new Response(delay);
    }

    /** @return whether this is {@link #retryAfter} rather than an answer */
    public boolean isRetry() {
        return retryNanos >= 0;
    }

    /** @return for {@link #retryAfter}, the delay in nanoseconds; -1 for an answer */
    public long retryNanos() {
        return retryNanos;
    }

    /** @return the code; 0 for {@link #retryAfter} */
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
                && retryNanos == that.retryNanos;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * code + body.hashCode()) + Long.hashCode(retryNanos);
    }

    @Override
    public String toString() {
        if (isRetry()) {
            return "Response[retry after " + Duration.ofNanos(retryNanos) + "]";
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("code", code);
        all.putAll(body);
        return all.toString();
    }
}
