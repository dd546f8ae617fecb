package dev.turnstile.spi;

import java.util.List;
import java.util.Set;

/**
 * Serves one {@code url}. Implementations are plugins: a public class with a public no-argument
 * constructor, listed in {@code META-INF/services/dev.turnstile.spi.Handler} of its jar.
 *
 * <p><b>Life cycle.</b> The server constructs every handler once at start-up, calls
 * {@link #start(HandlerContext)} before it opens its port, calls {@link #handle} for each request
 * to {@link #url()}, {@link #disconnected(Session)} when a client's connection closes, and
 * {@link #stop()} when the server shuts down. All calls happen on the server's single thread.
 *
 * <p><b>Errors.</b> To answer with an error, throw {@link HandlerException} with its code (400 for
 * bad parameters, 401 for refused credentials); the connection stays open. Any other exception is
 * answered with a 500 that names no internals, and its stack trace goes to the server log.
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
     * The settings this handler reads through {@link HandlerContext#setting(String)}. The server
     * asks for them before {@link #start}, also for {@code --help} and {@code --check}, so the
     * answer must not depend on anything but the handler's class. A key that neither the server
     * nor a loaded handler declares stops start-up; two handlers may declare the same key only
     * when they come from the same jar.
     *
     * @return the declarations; none by default
     */
    default List<Setting> settings() {
        return List.of();
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
     * Called once at start-up, before the server accepts its first client. A handler that cannot
     * work (an unwritable folder, say) throws here, and start-up fails with its message.
     *
     * @param context what the server offers its handlers
     * @throws Exception when the handler cannot start; the message should say what to fix
     */
    default void start(HandlerContext context) throws Exception {
    }

    /**
     * Answers one request.
     *
     * @param request the parsed request; its {@code url} is this handler's
     * @param session the connection the request came on
     * @return the response; never {@code null}
     * @throws HandlerException to answer with that exception's code and message
     */
    Response handle(Request request, Session session) throws HandlerException;

    /**
     * Called when a client's connection has closed, for every handler, whether or not it served
     * that client. The session must not be used afterwards.
     *
     * @param session the connection that closed
     */
    default void disconnected(Session session) {
    }

    /** Called once when the server stops, after the last client has been disconnected. */
    default void stop() {
    }
}
