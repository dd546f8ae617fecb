package dev.turnstile.spi;

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

    private Response(int code, Map<String, ?> body) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("a response code is 100 to 599, not " + code);
        }
        if (body.containsKey("code") || body.containsKey("id")) {
            throw new IllegalArgumentException("\"code\" and \"id\" are set by the server, not in the body");
        }
        this.code = code;
        this.body = body;
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

    /** @return the code */
    public int code() {
        return code;
    }

    /** @return the members after {@code code}, in the order they are written */
    public Map<String, ?> body() {
        return body;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Response that && code == that.code && body.equals(that.body);
    }

    @Override
    public int hashCode() {
        return 31 * code + body.hashCode();
    }

    @Override
    public String toString() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("code", code);
        all.putAll(body);
        return all.toString();
    }
}
