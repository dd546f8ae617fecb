package dev.turnstile.client;

/**
 * The server answered, and the answer was not 200: a bad request (400), a refused or missing
 * token (401), a timeout (408), a request too large (413), a failed handler (500), or a busy
 * server (503). Failures to reach the server or to keep the connection are
 * {@link java.io.IOException}s instead, never this.
 */
public class TurnstileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Reply reply;

    /**
     * @param reply the non-200 answer
     */
    public TurnstileException(Reply reply) {
        super(reply.code() + ": " + (reply.error() == null ? reply.line() : reply.error()));
        this.reply = reply;
    }

    /** @return the answer's code, for example 401 */
    public int code() {
        return reply.code();
    }

    /** @return the answer's {@code error} sentence, or {@code null} if it had none */
    public String error() {
        return reply.error();
    }

    /** @return the whole answer */
    public Reply reply() {
        return reply;
    }

    /** @return whether the server refused the connection because another client holds it */
    public boolean isBusy() {
        return reply.code() == 503;
    }
}
