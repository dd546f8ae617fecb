package dev.turnstile.route;

import dev.turnstile.json.OutputBuffer;
import dev.turnstile.json.Printable;
import dev.turnstile.json.ResponseEncoder;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.TokenAuthority;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one parsed request into one response line. Policy lives here and only here: the
 * {@code url} check, the token check, the {@code id} echo, and the mapping of every failure to a
 * code and one sentence.
 *
 * <p>Order of checks, chosen so that a stranger learns nothing: a missing or malformed
 * {@code url} is a 400; then, for any url that is not token-free (unknown ones included), a
 * request without an accepted token gets 401; only then is an unknown url named in a 400. A
 * handler's {@link HandlerException} becomes its code and message; anything else it throws
 * becomes a 500 whose text names no internals, with the stack trace in the log.
 *
 * <p><b>Tokens.</b> Without a {@link TokenAuthority} in the table, a request must carry exactly the
 * token granted on its connection, compared in constant time. With one, the authority decides,
 * and a token it accepts on a connection that holds another (or none) becomes that connection's
 * token. Only a handler that needs no token may call {@link Session#grantToken}; the session
 * enforces that when it is a {@link GrantingSession}. The 401 texts name the table's token-free
 * urls, never a url the core assumes.
 *
 * <p><b>Later answers.</b> A handler that returns {@link Response#later} has run, and its token was
 * checked, once: {@link #answer} writes nothing for it, {@link #await} records where its answer
 * goes (the route, the request's {@code id}) in a {@link LaterAnswer} that the stage completes, and
 * {@link #finish} writes it with the same mapping of failures to codes.
 *
 * <p><b>Attachments.</b> A request's attachment reaches the handler as {@link Request#attachment()}.
 * A response's attachment is queued after its line ({@code "attachment": N} last); when the line
 * cannot be written (its body JSON cannot express), the attachment is dropped, its file closed, and
 * the 500 that takes its place has none.
 */
public final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private static final Response URL_MISSING = error(400, "\"url\" is required");
    private static final Response URL_INVALID = error(400, "\"url\" must be a string starting with \"/\"");

    private final RouteTable routes;
    private final TokenAuthority authority;
    private final Response notLoggedIn;
    private final Response tokenMissing;
    private final Response tokenWrong;

    /**
     * @param routes the server's routes
     */
    public Router(RouteTable routes) {
        this.routes = routes;
        this.authority = routes.authority();
        String grantors = String.join(" or ", routes.tokenFreeUrls());
        if (grantors.isEmpty()) {
            notLoggedIn = error(401, "log in first; this server has no url that grants a token");
            tokenMissing = error(401, "\"token\" is required");
        } else {
            notLoggedIn = error(401, "log in first through " + grantors);
            tokenMissing = error(401, "\"token\" is required; use the token " + grantors + " gave this connection");
        }
        tokenWrong = error(401, "\"token\" is not valid on this connection; log in again");
    }

    /** @return the table this router serves */
    public RouteTable routes() {
        return routes;
    }

    /**
     * Decides the response to one request and writes it to {@code out} as one line, with the
     * request's {@code id} if it had one. A response JSON cannot express is the handler's failure:
     * its half-written line is rolled back and a 500 takes its place. A {@link Response#later}
     * answer is returned and nothing is written: the caller waits for it with {@link #await}.
     *
     * @param members the request's members
     * @param session the connection it came on
     * @param out where the line goes
     * @return the response written (the 500 when the handler's could not be), or the later answer
     */
    public Response answer(Map<String, Object> members, Session session, OutputBuffer out) {
        return answer(members, null, session, out);
    }

    /**
     * As {@link #answer(Map, Session, OutputBuffer)}, for a request that carries an attachment.
     *
     * @param members the request's members
     * @param attachment the raw bytes that followed the request, or {@code null}; read in place by
     *     the handler while it runs
     * @param session the connection it came on
     * @param out where the line goes
     * @return the response written, or the later answer
     */
    public Response answer(Map<String, Object> members, ByteBuffer attachment, Session session, OutputBuffer out) {
        Object url = members.get("url");
        Route route = lookUp(url);
        Response response = decide(url, route, members, attachment, session);
        if (response.isLater()) {
            return response;
        }
        boolean hasId = members.containsKey("id");
        return write(route, response, hasId, hasId ? members.get("id") : null, session.remoteAddress(), out);
    }

    /**
     * Starts waiting for a {@link Response#later} answer that {@link #answer} returned for this
     * request: the stage's completion, on any thread, records the outcome and runs {@code wakeUp}.
     * A stage that has completed already completes the wait before this returns.
     *
     * @param members the request's members, for its url and {@code id}
     * @param later the later answer
     * @param session the connection, for the log
     * @param wakeUp makes the server thread look at the wait again; safe from any thread
     * @return the wait, for {@link #finish} once it {@linkplain LaterAnswer#isDone() is done}
     */
    public LaterAnswer await(Map<String, Object> members, Response later, Session session, Runnable wakeUp) {
        boolean hasId = members.containsKey("id");
        LaterAnswer answer = new LaterAnswer(lookUp(members.get("url")), hasId, hasId ? members.get("id") : null,
                session.remoteAddress(), wakeUp);
        try {
            later.later().whenComplete((result, failure) -> answer.complete(result, failure));
        } catch (RuntimeException e) {
            // A stage of the handler's own making that cannot even take an action: its failure.
            answer.complete(null, e);
        }
        return answer;
    }

    /**
     * Writes a later answer that has come: its response with the request's {@code id}; for a stage
     * that failed with a {@link HandlerException} (directly or wrapped in a
     * {@link CompletionException}), that code and message; for any other failure, for
     * {@code null} and for another later answer, a 500 whose stack trace goes to the log.
     *
     * @param answer a wait that {@linkplain LaterAnswer#isDone() is done}
     * @param out where the line goes
     * @return the response written
     */
    public Response finish(LaterAnswer answer, OutputBuffer out) {
        Route route = answer.route();
        Object outcome = answer.outcome();
        Response response;
        if (outcome instanceof LaterAnswer.Failure failure) {
            Throwable error = failure.error();
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            response = cause instanceof HandlerException refusal
                    ? error(refusal.code(), refusal.getMessage() == null ? "request refused" : refusal.getMessage())
                    : failed(route, answer.client(), cause);
        } else if (answer.completedWithNothing()) {
            response = failed(route, answer.client(),
                    new IllegalStateException("the later answer completed with null instead of a Response"));
        } else if (((Response) outcome).isLater()) {
            response = failed(route, answer.client(),
                    new IllegalStateException("a later answer completed with another later answer"));
        } else {
            response = (Response) outcome;
        }
        return write(route, response, answer.hasId(), answer.id(), answer.client(), out);
    }

    /**
     * Writes the answer to a request whose later answer will not be waited for (the server is
     * stopping): {@code code} and {@code message}, with the request's {@code id}.
     *
     * @param answer the abandoned wait; its completion, if it ever comes, is ignored
     * @param code the code
     * @param message one sentence
     * @param out where the line goes
     */
    public static void abandon(LaterAnswer answer, int code, String message, OutputBuffer out) {
        answer.abandon();
        ResponseEncoder.encode(error(code, message), answer.hasId(), answer.id(), out);
    }

    /**
     * Writes an answer the server gives on its own (garbage, too large, a timeout, busy).
     *
     * @param code the code
     * @param message one sentence
     * @param out where the line goes
     */
    public static void refuse(int code, String message, OutputBuffer out) {
        ResponseEncoder.encode(error(code, message), false, null, out);
    }

    /**
     * Writes an answer the server gives on its own to a request it has decoded (an attachment it
     * cannot take), with the request's {@code id}.
     *
     * @param code the code
     * @param message one sentence
     * @param members the request's members, or {@code null} when it was not decoded
     * @param out where the line goes
     */
    public static void refuse(int code, String message, Map<String, Object> members, OutputBuffer out) {
        boolean hasId = members != null && members.containsKey("id");
        ResponseEncoder.encode(error(code, message), hasId, hasId ? members.get("id") : null, out);
    }

    /** Encodes a decided response; one JSON cannot express is the handler's 500, and its attachment is dropped. */
    private static Response write(Route route, Response response, boolean hasId, Object id, InetSocketAddress client,
            OutputBuffer out) {
        try {
            ResponseEncoder.encode(response, hasId, id, out);
        } catch (IllegalArgumentException e) {
            // Only a handler's body can fail to encode, so the route is known here.
            OutputBuffer.drop(response.attachment());
            response = failed(route, client, e);
            ResponseEncoder.encode(response, hasId, id, out);
        }
        return response;
    }

    /** @return the route of a url, or {@code null} */
    private Route lookUp(Object url) {
        return url instanceof String path ? routes.find(path) : null;
    }

    private Response decide(Object url, Route route, Map<String, Object> members, ByteBuffer attachment,
            Session session) {
        if (url == null) {
            return members.containsKey("url") ? URL_INVALID : URL_MISSING;
        }
        if (!(url instanceof String path) || !path.startsWith("/")) {
            return URL_INVALID;
        }
        if (route == null || route.needsToken()) {
            Response refused = checkToken(members.get("token"), session);
            if (refused != null) {
                return refused;
            }
        }
        if (route == null) {
            return error(400, "unknown url \"" + Printable.clip(path) + "\"; /routes lists the urls this server serves");
        }
        return call(route, new Request(members, attachment), session);
    }

    /** @return the 401 to answer, or {@code null} when the request may go on */
    private Response checkToken(Object token, Session session) {
        String granted = session.token();
        if (authority == null) {
            if (granted == null) {
                return notLoggedIn;
            }
            if (token == null) {
                return tokenMissing;
            }
            return token instanceof String given && constantTimeEquals(granted, given) ? null : tokenWrong;
        }
        if (token == null) {
            return granted == null ? notLoggedIn : tokenMissing;
        }
        if (!(token instanceof String given) || !authority.accepts(given, session)) {
            return granted == null ? notLoggedIn : tokenWrong;
        }
        // The authority has accepted the given token, so it is the valid one: comparing it with the
        // connection's own (an older one, if they differ) needs no constant time.
        if (!given.equals(granted)) {
            adopt(session, given);
        }
        return null;
    }

    private static void adopt(Session session, String token) {
        if (session instanceof GrantingSession granting) {
            granting.adoptToken(token);
        } else {
            session.grantToken(token);
        }
    }

    private static Response call(Route route, Request request, Session session) {
        GrantingSession granting = !route.needsToken() && session instanceof GrantingSession g ? g : null;
        if (granting != null) {
            granting.allowGrants(true);
        }
        try {
            Response response = route.handler().handle(request, session);
            if (response == null) {
                throw new IllegalStateException("handler returned null instead of a Response");
            }
            return response;
        } catch (HandlerException e) {
            return error(e.code(), e.getMessage() == null ? "request refused" : e.getMessage());
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            return failed(route, session.remoteAddress(), e);
        } catch (Exception e) {
            // A checked exception thrown sneakily past the signature is still the handler's failure.
            return failed(route, session.remoteAddress(), e);
        } finally {
            if (granting != null) {
                granting.allowGrants(false);
            }
        }
    }

    /** @return a 500 that names no internals, after logging the failure with its stack trace */
    private static Response failed(Route route, InetSocketAddress client, Throwable e) {
        LOG.error("handler {} for {} failed for client {}", route.handler().getClass().getName(), route.url(),
                client, e);
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
