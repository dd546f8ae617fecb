package dev.turnstile.route;

import dev.turnstile.json.Printable;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one parsed request into one response. Policy lives here and only here: the {@code url}
 * check, the token check, and the mapping of every failure to a code and one sentence.
 *
 * <p>Order of checks, chosen so that a stranger learns nothing: a missing or malformed
 * {@code url} is a 400; then, for any url that is not token-free (unknown ones included), a
 * connection without a token gets 401 and a wrong token gets 401; only then is an unknown url
 * named in a 400. A handler's {@link HandlerException} becomes its code and message; anything
 * else it throws becomes a 500 whose text names no internals, with the stack trace in the log.
 */
public final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private static final Response NOT_LOGGED_IN =
            error(401, "log in first: send {\"url\":\"/login\",\"hostname\":\"...\"}");
    private static final Response TOKEN_MISSING = error(401, "\"token\" is required; use the token /login gave this connection");
    private static final Response TOKEN_WRONG = error(401, "\"token\" is not valid on this connection; log in again");
    private static final Response URL_MISSING = error(400, "\"url\" is required");
    private static final Response URL_INVALID = error(400, "\"url\" must be a string starting with \"/\"");

    private final RouteTable routes;

    /**
     * @param routes the server's routes
     */
    public Router(RouteTable routes) {
        this.routes = routes;
    }

    /**
     * @param members the request's members
     * @param session the connection it came on
     * @return the response, never {@code null}
     */
    public Response route(Map<String, Object> members, Session session) {
        Object url = members.get("url");
        if (url == null) {
            return members.containsKey("url") ? URL_INVALID : URL_MISSING;
        }
        if (!(url instanceof String path) || !path.startsWith("/")) {
            return URL_INVALID;
        }
        Route route = routes.find(path);
        if (route == null || route.needsToken()) {
            String granted = session.token();
            if (granted == null) {
                return NOT_LOGGED_IN;
            }
            Object token = members.get("token");
            if (token == null) {
                return TOKEN_MISSING;
            }
            if (!(token instanceof String given) || !constantTimeEquals(granted, given)) {
                return TOKEN_WRONG;
            }
        }
        if (route == null) {
            return error(400, "unknown url \"" + Printable.clip(path) + "\"; /routes lists the urls this server serves");
        }
        return call(route, new Request(members), session);
    }

    private static Response call(Route route, Request request, Session session) {
        try {
            Response response = route.handler().handle(request, session);
            if (response == null) {
                throw new IllegalStateException("handler returned null instead of a Response");
            }
            return response;
        } catch (HandlerException e) {
            return error(e.code(), e.getMessage() == null ? "request refused" : e.getMessage());
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            return failed(route, session, e);
        } catch (Exception e) {
            // A checked exception thrown sneakily past the signature is still the handler's failure.
            return failed(route, session, e);
        }
    }

    /**
     * The answer when a handler has failed, also used when its response cannot be written.
     *
     * @return a 500 that names no internals
     */
    public static Response failed(Route route, Session session, Throwable e) {
        LOG.error("handler {} for {} failed for client {}", route.handler().getClass().getName(), route.url(),
                session.remoteAddress(), e);
        return error(500, "the handler for " + route.url() + " failed; the server log has the details");
    }

    /**
     * @return an error response with the given code and sentence
     */
    public static Response error(int code, String message) {
        return Response.of(code, Map.of("error", message));
    }

    /**
     * Compares without an early exit, so the time taken does not tell how much of a guess was
     * right. The length is not secret (every token has 64 characters).
     */
    static boolean constantTimeEquals(String expected, String given) {
        if (expected.length() != given.length()) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < expected.length(); i++) {
            diff |= expected.charAt(i) ^ given.charAt(i);
        }
        return diff == 0;
    }
}
