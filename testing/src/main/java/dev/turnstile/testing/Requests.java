package dev.turnstile.testing;

import dev.turnstile.spi.Request;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds {@link Request}s for unit tests, members in the order given, {@code null} values
 * included (a JSON {@code null} is something a client may send):
 *
 * <pre>{@code
 * Request request = Requests.of("/hello").with("name", "x").build();
 * }</pre>
 *
 * <p>Give values in the form the server's parser produces: {@link String}, {@link Boolean},
 * {@code null}, {@link Long} (not {@link Integer}) or {@link java.math.BigInteger} for integers,
 * {@link java.math.BigDecimal} for other numbers, {@link java.util.List} and {@link Map}.
 */
public final class Requests {

    private final Map<String, Object> members = new LinkedHashMap<>();

    private Requests(String url) {
        members.put("url", Objects.requireNonNull(url, "url"));
    }

    /**
     * Starts a request to a url.
     *
     * @param url the request's {@code url}, such as {@code "/hello"}
     * @return the builder
     */
    public static Requests of(String url) {
        return new Requests(url);
    }

    /**
     * Adds a member, or replaces one given earlier.
     *
     * @param name the member's name
     * @param value its value; {@code null} is a JSON {@code null}
     * @return this builder
     * @throws IllegalArgumentException for an {@link Integer}, {@link Short}, {@link Byte},
     *     {@link Double} or {@link Float}, which the server's parser never produces
     */
    public Requests with(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            throw new IllegalArgumentException("\"" + name + "\": the server parses integers as Long; write "
                    + value + "L");
        }
        if (value instanceof Double || value instanceof Float) {
            throw new IllegalArgumentException("\"" + name + "\": the server parses fractions as BigDecimal; write"
                    + " new BigDecimal(\"" + value + "\")");
        }
        members.put(name, value);
        return this;
    }

    /**
     * Adds the {@code token} member.
     *
     * @param token the token the request carries
     * @return this builder
     */
    public Requests withToken(String token) {
        return with("token", token);
    }

    /** @return a request with a copy of the members given so far */
    public Request build() {
        return new Request(new LinkedHashMap<>(members));
    }
}
