package dev.turnstile.spi;

/**
 * Thrown by a handler to answer a request with an error code and a message. The connection
 * stays open and the next request is served.
 *
 * <p>The message is sent to the client as the response's {@code "error"}: write one sentence that
 * names the thing and what was expected, such as
 * {@code "hostname" must be a non-empty string of at most 255 characters}. Never put stack traces,
 * class names or secrets in it.
 */
public class HandlerException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A bad request: a missing or invalid parameter. */
    public static final int BAD_REQUEST = 400;
    /** Refused credentials. */
    public static final int UNAUTHORIZED = 401;
    /** Understood, but not allowed here: a write to a read-only folder. */
    public static final int FORBIDDEN = 403;
    /** The thing named does not exist. */
    public static final int NOT_FOUND = 404;
    /** The thing changed under the request: an expected hash no longer matches. */
    public static final int CONFLICT = 409;
    /** The server's disk has no room for a write (the write can be retried later). */
    public static final int INSUFFICIENT_STORAGE = 507;

    private final int code;

    /**
     * @param code the response code, 400 to 599
     * @param message one sentence for the client
     */
    public HandlerException(int code, String message) {
        super(message, null, false, false);
        if (code < 400 || code > 599) {
            throw new IllegalArgumentException("an error code is 400 to 599, not " + code);
        }
        this.code = code;
    }

    /**
     * A 400 with the given message.
     *
     * @param message one sentence for the client
     * @return the exception, for the caller to throw
     */
    public static HandlerException badRequest(String message) {
        return new HandlerException(BAD_REQUEST, message);
    }

    /**
     * A 401 with the given message.
     *
     * @param message one sentence for the client
     * @return the exception, for the caller to throw
     */
    public static HandlerException unauthorized(String message) {
        return new HandlerException(UNAUTHORIZED, message);
    }

    /**
     * A 403 with the given message.
     *
     * @param message one sentence for the client
     * @return the exception, for the caller to throw
     */
    public static HandlerException forbidden(String message) {
        return new HandlerException(FORBIDDEN, message);
    }

    /**
     * A 404 with the given message.
     *
     * @param message one sentence for the client
     * @return the exception, for the caller to throw
     */
    public static HandlerException notFound(String message) {
        return new HandlerException(NOT_FOUND, message);
    }

    /**
     * A 409 with the given message.
     *
     * @param message one sentence for the client
     * @return the exception, for the caller to throw
     */
    public static HandlerException conflict(String message) {
        return new HandlerException(CONFLICT, message);
    }

    /**
     * A 507 with the given message.
     *
     * @param message one sentence for the client
     * @return the exception, for the caller to throw
     */
    public static HandlerException insufficientStorage(String message) {
        return new HandlerException(INSUFFICIENT_STORAGE, message);
    }

    /** @return the response code */
    public int code() {
        return code;
    }
}
