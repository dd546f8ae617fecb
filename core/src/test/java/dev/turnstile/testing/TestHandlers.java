package dev.turnstile.testing;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Small handlers for core's tests, standing in for the plugins that live in other modules. */
public final class TestHandlers {

    private TestHandlers() {
    }

    /** {@code /login}: grants a fresh token {@code token-N} to any caller. */
    public static final class Login implements Handler {
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public String url() {
            return "/login";
        }

        @Override
        public boolean needsToken() {
            return false;
        }

        @Override
        public Response handle(Request request, Session session) {
            String token = "token-" + next.incrementAndGet();
            session.grantToken(token);
            return Response.ok("token", token);
        }
    }

    /** {@code /ping}: {@code {"code":200,"pong":true}}. */
    public static final class Ping implements Handler {
        private static final Response PONG = Response.ok("pong", true);

        @Override
        public String url() {
            return "/ping";
        }

        @Override
        public Response handle(Request request, Session session) {
            return PONG;
        }
    }

    /** {@code /echo}: returns {@code data} as it came. */
    public static final class Echo implements Handler {
        @Override
        public String url() {
            return "/echo";
        }

        @Override
        public Response handle(Request request, Session session) throws HandlerException {
            return Response.ok(Collections.singletonMap("data", request.require("data")));
        }
    }

    /** {@code /fail}: throws, as a buggy handler would. */
    public static final class Fail implements Handler {
        @Override
        public String url() {
            return "/fail";
        }

        @Override
        public Response handle(Request request, Session session) {
            throw new IllegalStateException("secret internal detail");
        }
    }

    /** {@code /unwritable}: returns a value JSON cannot express. */
    public static final class Unwritable implements Handler {
        @Override
        public String url() {
            return "/unwritable";
        }

        @Override
        public Response handle(Request request, Session session) {
            return Response.ok(Map.of("value", new Object()));
        }
    }

    /**
     * {@code /delay} (no token needed): answers {@code {"code":401,...}} held for {@code "ms"}
     * milliseconds, as the login handler answers a wrong secret; with {@code "close":true} the
     * connection closes after that answer.
     */
    public static final class Delay implements Handler {
        @Override
        public String url() {
            return "/delay";
        }

        @Override
        public boolean needsToken() {
            return false;
        }

        @Override
        public Response handle(Request request, Session session) throws HandlerException {
            session.delayAnswer(java.time.Duration.ofMillis(request.requireLong("ms")));
            if (Boolean.TRUE.equals(request.get("close"))) {
                session.closeAfterAnswer();
            }
            throw HandlerException.unauthorized("held for " + request.requireLong("ms") + " ms");
        }
    }
}
