package dev.turnstile.spi;

import java.util.Set;

/**
 * Serves one {@code url}. A {@link Plugin} creates its handlers in {@link Plugin#start} and hands
 * them to the server; a handler that needs no settings and no shared state may instead be listed on
 * its own in {@code META-INF/services/dev.turnstile.spi.Handler} (a public class with a public
 * no-argument constructor), and is then served as a plugin of one handler.
 *
 * <p><b>Threading.</b> {@link #handle} is called on the server's single thread, one request at a
 * time, so a handler needs no locking; but the client waits for it, and so does every other request.
 * Work that takes more than a few milliseconds (reading a large file, waiting for a change) runs
 * elsewhere, and the handler returns {@link Response#later}.
 *
 * <p><b>Errors.</b> To answer with an error, throw {@link HandlerException} with its code (400 for
 * bad parameters, 401 for refused credentials, 404 for a missing thing); the connection stays open.
 * Any other exception is answered with a 500 that names no internals, and its stack trace goes to
 * the server log.
 */
public interface Handler {

    /**
     * The url this handler serves: starts with {@code /}, and no two handlers of one server may
     * claim the same url.
     *
     * @return the url, for example {@code "/ping"}
     */
    String url();

    /**
     * Whether a request must carry the connection's current {@code token}. Only the login handler
     * answers without one; the server checks the token before {@link #handle} is called.
     *
     * @return {@code true} (the default) if the token is required
     */
    default boolean needsToken() {
        return true;
    }

    /**
     * Names of request members whose values must never reach a log, such as the login's
     * {@code "secret"}. The server leaves any request that carries one of them out of its debug
     * lines, whichever url it was sent to.
     *
     * @return the member names; none by default
     */
    default Set<String> secretMembers() {
        return Set.of();
    }

    /**
     * Answers one request.
     *
     * @param request the parsed request; its {@code url} is this handler's
     * @param session the connection the request came on; usable only during this call
     * @return the response, possibly {@link Response#later}; never {@code null}
     * @throws HandlerException to answer with that exception's code and message
     */
    Response handle(Request request, Session session) throws HandlerException;
}
