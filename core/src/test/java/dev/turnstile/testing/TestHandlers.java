package dev.turnstile.testing;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.TokenAuthority;
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

        private final java.util.concurrent.Semaphore called = new java.util.concurrent.Semaphore(0);

        /**
         * Waits until the handler has been called once more. The server read its clock before the
         * call, so a test that moves the clock after this moves it past the deadline just set.
         */
        public void awaitCall() throws InterruptedException {
            if (!called.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError(url() + " was not called within 10 seconds");
            }
        }
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
            called.release();
            session.delayAnswer(java.time.Duration.ofMillis(request.requireLong("ms")));
            if (Boolean.TRUE.equals(request.get("close"))) {
                session.closeAfterAnswer();
            }
            throw HandlerException.unauthorized("held for " + request.requireLong("ms") + " ms");
        }
    }

    /**
     * {@code /retry}: answers {@link Response#retryAfter} ({@code "ms"} milliseconds, default 10)
     * until it has been called {@code "calls"} times for the same request on this connection, then
     * {@code {"code":200,"calls":N}}.
     */
    public static final class Retry implements Handler {

        private final java.util.concurrent.Semaphore called = new java.util.concurrent.Semaphore(0);

        /**
         * Waits until the handler has been called once more. The server read its clock before the
         * call, so a test that moves the clock after this moves it past the deadline just set.
         */
        public void awaitCall() throws InterruptedException {
            if (!called.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError(url() + " was not called within 10 seconds");
            }
        }
        @Override
        public String url() {
            return "/retry";
        }

        @Override
        public Response handle(Request request, Session session) throws HandlerException {
            called.release();
            long wanted = request.requireLong("calls");
            long calls = (Long) session.attributes().merge("/retry calls", 1L, (a, b) -> (Long) a + (Long) b);
            if (calls < wanted) {
                Object ms = request.get("ms");
                return Response.retryAfter(java.time.Duration.ofMillis(ms == null ? 10 : ((Number) ms).longValue()));
            }
            session.attributes().remove("/retry calls");
            return Response.ok("calls", calls);
        }
    }

    /**
     * {@code /await}: waits for the test's job named {@code "job"} with {@link Response#retryWhen}
     * (longest wait {@code "ms"} milliseconds, default 1000), then answers
     * {@code {"code":200,"job":NAME,"calls":N}}. Its first call for a request always waits, even
     * for a job already done, as a handler does that looked just before its job ended; after
     * {@code "calls"} calls (if given) it gives up and answers {@code {"code":504,...}}.
     */
    public static final class Await implements Handler {

        private final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.CompletableFuture<String>> jobs =
                new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.Semaphore called = new java.util.concurrent.Semaphore(0);
        private final AtomicInteger calls = new AtomicInteger();

        /** @return the job of that name, created not done on first use */
        public java.util.concurrent.CompletableFuture<String> job(String name) {
            return jobs.computeIfAbsent(name, n -> new java.util.concurrent.CompletableFuture<>());
        }

        /** @return how many times the handler has been called, for every request together */
        public int calls() {
            return calls.get();
        }

        /** Waits until the handler has been called once more. */
        public void awaitCall() throws InterruptedException {
            if (!called.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError(url() + " was not called within 10 seconds");
            }
        }

        @Override
        public String url() {
            return "/await";
        }

        @Override
        public Response handle(Request request, Session session) throws HandlerException {
            calls.incrementAndGet();
            called.release();
            String name = (String) request.require("job");
            java.util.concurrent.CompletableFuture<String> job = job(name);
            long count = (Long) session.attributes().merge("/await calls", 1L, (a, b) -> (Long) a + (Long) b);
            if (count == 1 || !job.isDone()) {
                Object limit = request.get("calls");
                if (limit == null || count < ((Number) limit).longValue()) {
                    Object ms = request.get("ms");
                    return Response.retryWhen(job, java.time.Duration.ofMillis(ms == null ? 1000 : ((Number) ms).longValue()));
                }
                session.attributes().remove("/await calls");
                throw new HandlerException(504, "job " + name + " is not done after " + count + " calls");
            }
            session.attributes().remove("/await calls");
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("job", name);
            body.put("calls", count);
            return Response.ok(body);
        }
    }

    /** {@code /grab}: needs the token, and tries to grant itself another one, which the server refuses. */
    public static final class Grab implements Handler {
        @Override
        public String url() {
            return "/grab";
        }

        @Override
        public Response handle(Request request, Session session) {
            session.grantToken("grabbed");
            return Response.ok();
        }
    }

    /**
     * {@code /issue} (no token needed): grants the one shared token {@code "shared-N"}, and as the
     * table's {@link TokenAuthority} accepts it on any connection until {@link #revoke()}. It
     * declares {@code "password"} secret, so requests carrying it never reach a log.
     */
    public static final class Issuer implements Handler, TokenAuthority {
        private final AtomicInteger next = new AtomicInteger();
        private volatile String issued;

        @Override
        public String url() {
            return "/issue";
        }

        @Override
        public boolean needsToken() {
            return false;
        }

        @Override
        public java.util.Set<String> secretMembers() {
            return java.util.Set.of("password");
        }

        @Override
        public Response handle(Request request, Session session) {
            issued = "shared-" + next.incrementAndGet();
            session.grantToken(issued);
            return Response.ok("token", issued);
        }

        @Override
        public boolean accepts(String token, Session session) {
            String current = issued;
            return current != null && current.equals(token);
        }

        /** Accepts no token from now on. */
        public void revoke() {
            issued = null;
        }
    }

    /** A second authority, for the start-up error that names both. */
    public static final class OtherIssuer implements Handler, TokenAuthority {
        @Override
        public String url() {
            return "/other-issue";
        }

        @Override
        public boolean needsToken() {
            return false;
        }

        @Override
        public Response handle(Request request, Session session) {
            return Response.ok();
        }

        @Override
        public boolean accepts(String token, Session session) {
            return false;
        }
    }
}
