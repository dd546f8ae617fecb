package dev.turnstile.spi;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One parsed request: the JSON object the client sent, as a plain map.
 *
 * <p>Values are {@link String}, {@link Boolean}, {@code null}, {@link Long} or {@link BigInteger}
 * for integers, {@link java.math.BigDecimal} for other numbers, {@link List} for arrays and
 * {@link Map} for objects, with members in the order the client wrote them.
 *
 * <p>The {@code require…} accessors throw a {@link HandlerException} with code 400 and a message
 * that names the parameter, so a handler can simply let it propagate:
 * <pre>{@code
 * String name = request.requireString("name");   // 400 "name" is required / must be a string
 * }</pre>
 *
 * <p><b>Attachment.</b> A request that carries {@code "attachment": N} (SPEC §2) comes with the N raw
 * bytes that followed its line, as a read-only {@link ByteBuffer} ({@link #attachment()}), from
 * position 0 to N. The buffer is a view of the connection's input, never a copy: it is valid only
 * while {@link Handler#handle} runs, because the server reads the next requests into the same
 * memory afterwards. Write the bytes where they go ({@code FileChannel.write(buffer, position)}),
 * or copy them, before returning (also before returning a {@link Response#later} answer). The
 * server has checked N against its limit ({@link PluginContext#maxAttachmentBytes()}) and that the
 * connection is logged in before the handler is called; the member {@code "attachment"} itself is
 * still among the {@linkplain #members() members}.
 *
 * <p>In tests, build a request from a real map: {@code new Request(Map.of("url", "/hello", "name", "x"))}.
 */
public final class Request {

    private final Map<String, Object> members;
    private final ByteBuffer attachment;

    /**
     * @param members the request's members; used as it is, not copied
     */
    public Request(Map<String, Object> members) {
        this(members, null);
    }

    /**
     * @param members the request's members; used as it is, not copied
     * @param attachment the raw bytes that followed the request, or {@code null} for none; handed
     *     out as a read-only view
     */
    public Request(Map<String, Object> members, ByteBuffer attachment) {
        this.members = members;
        this.attachment = attachment == null ? null : attachment.asReadOnlyBuffer();
    }

    /**
     * The raw bytes that followed the request's line, valid only while the handler runs. Each call
     * returns a new view, so reading one moves no other's position.
     *
     * @return a read-only buffer whose remaining bytes are the attachment, or {@code null} when the
     *     request carries none
     */
    public ByteBuffer attachment() {
        return attachment == null ? null : attachment.duplicate();
    }

    /** @return the request's {@code url} */
    public String url() {
        return members.get("url") instanceof String url ? url : null;
    }

    /** @return every member of the request, read-only */
    public Map<String, Object> members() {
        return Collections.unmodifiableMap(members);
    }

    /**
     * @param name a member name
     * @return whether the request has that member, even if its value is {@code null}
     */
    public boolean has(String name) {
        return members.containsKey(name);
    }

    /**
     * @param name a member name
     * @return the member's value, or {@code null} if it is absent or {@code null}
     */
    public Object get(String name) {
        return members.get(name);
    }

    /**
     * A member that must be present; its value may be any JSON value, {@code null} included.
     *
     * @param name a member name
     * @return the member's value
     * @throws HandlerException 400 if the member is absent
     */
    public Object require(String name) throws HandlerException {
        Object value = members.get(name);
        if (value == null && !members.containsKey(name)) {
            throw HandlerException.badRequest(quote(name) + " is required");
        }
        return value;
    }

    /**
     * @param name a member name
     * @return the member's string value
     * @throws HandlerException 400 if the member is absent or not a string
     */
    public String requireString(String name) throws HandlerException {
        return require(name, String.class, "a string");
    }

    /**
     * @param name a member name
     * @param fallback what to return when the member is absent or {@code null}
     * @return the member's string value, or the fallback
     * @throws HandlerException 400 if the member is present but not a string
     */
    public String optionalString(String name, String fallback) throws HandlerException {
        Object value = members.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof String text) {
            return text;
        }
        throw mistyped(name, "a string");
    }

    /**
     * @param name a member name
     * @return the member's value as a {@code long}
     * @throws HandlerException 400 if the member is absent or not an integer that fits 64 bits
     */
    public long requireLong(String name) throws HandlerException {
        Object value = require(name);
        if (value instanceof Long number) {
            return number;
        }
        throw mistyped(name, "an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
    }

    /**
     * @param name a member name
     * @return the member's boolean value
     * @throws HandlerException 400 if the member is absent or not {@code true} or {@code false}
     */
    public boolean requireBoolean(String name) throws HandlerException {
        return require(name, Boolean.class, "true or false");
    }

    /**
     * @param name a member name
     * @return the member's object value
     * @throws HandlerException 400 if the member is absent or not a JSON object
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> requireObject(String name) throws HandlerException {
        return require(name, Map.class, "an object");
    }

    /**
     * @param name a member name
     * @return the member's array value
     * @throws HandlerException 400 if the member is absent or not a JSON array
     */
    @SuppressWarnings("unchecked")
    public List<Object> requireList(String name) throws HandlerException {
        return require(name, List.class, "an array");
    }

    private <T> T require(String name, Class<T> type, String expected) throws HandlerException {
        Object value = require(name);
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        throw mistyped(name, expected);
    }

    private static HandlerException mistyped(String name, String expected) {
        return HandlerException.badRequest(quote(name) + " must be " + expected);
    }

    private static String quote(String name) {
        return '"' + name + '"';
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Request that && members.equals(that.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return members.toString();
    }
}
