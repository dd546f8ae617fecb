package dev.turnstile.testing;

import dev.turnstile.spi.Attachment;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.ServerTimer;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.TokenAuthority;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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

    /**
     * {@code /bytes}: takes a request's attachment and answers {@code {"code":200,"received":N}} with
     * a copy of the same bytes as its attachment (the request's buffer is valid only while the
     * handler runs); without an attachment, a 400.
     */
    public static final class Bytes implements Handler {
        @Override
        public String url() {
            return "/bytes";
        }

        @Override
        public Response handle(Request request, Session session) throws HandlerException {
            ByteBuffer received = request.attachment();
            if (received == null) {
                throw HandlerException.badRequest("send the bytes as an attachment");
            }
            ByteBuffer copy = ByteBuffer.allocate(received.remaining()).put(received).flip();
            return Response.ok("received", (long) copy.remaining()).withAttachment(Attachment.of(copy));
        }
    }

    /**
     * {@code /region}: answers a region of the file named by {@code "path"} ({@code "offset"},
     * {@code "count"}) as its attachment, and keeps every channel it opened so a test can see that
     * the server closed it. With {@code "unwritable":true} the body holds a value JSON cannot express,
     * so the answer becomes a 500 and the region is never sent.
     */
    public static final class Region implements Handler {
        private final List<FileChannel> opened = new CopyOnWriteArrayList<>();

        /** @return every channel the handler opened, in order */
        public List<FileChannel> opened() {
            return opened;
        }

        @Override
        public String url() {
            return "/region";
        }

        @Override
        public Response handle(Request request, Session session) throws HandlerException {
            FileChannel file;
            try {
                file = FileChannel.open(Path.of(request.requireString("path")));
            } catch (IOException e) {
                throw new HandlerException(404, "cannot open " + request.get("path"));
            }
            opened.add(file);
            Object value = Boolean.TRUE.equals(request.get("unwritable")) ? new Object() : request.get("path");
            return Response.ok("path", value)
                    .withAttachment(Attachment.of(file, request.requireLong("offset"), request.requireLong("count")));
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
     * {@code /delay} (no token needed): answers {@code {"code":401,"error":"held for N ms"}} later,
     * once the server's timer has waited {@code "ms"} milliseconds, as the login handler answers a
     * wrong secret; with {@code "close":true} the connection closes after that answer.
     */
    public static final class Delay implements Handler {

        private final ServerTimer timer;
        private final Semaphore called = new Semaphore(0);

        /** @param timer the server's timer, or a test's */
        public Delay(ServerTimer timer) {
            this.timer = timer;
        }

        /**
         * Waits until the handler has been called once more. The server set its timer during the
         * call, so a test that moves the clock after this moves it past that timer's deadline.
         */
        public void awaitCall() throws InterruptedException {
            if (!called.tryAcquire(10, TimeUnit.SECONDS)) {
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
            long ms = request.requireLong("ms");
            if (Boolean.TRUE.equals(request.get("close"))) {
                session.closeAfterAnswer();
            }
            HandlerException refusal = HandlerException.unauthorized("held for " + ms + " ms");
            Response later = Response.later(timer.after(Duration.ofMillis(ms)).thenApply(done -> {
                throw new CompletionException(refusal);
            }));
            called.release();
            return later;
        }
    }

    /** A plugin serving {@link Delay} on the server's own timer. */
    public static final class Delays implements Plugin {
        private volatile Delay delay;

        @Override
        public List<Handler> start(PluginContext context) {
            delay = new Delay(context.timer());
            return List.of(delay);
        }

        /** @return the handler, once started */
        public Delay delay() {
            return delay;
        }
    }

    /**
     * {@code /later}: answers {@link Response#later} on the test's job named {@code "job"}, which the
     * test completes (with a response, or exceptionally) on any thread; with {@code "close":true}
     * the connection closes after that answer. It counts its calls.
     */
    public static final class Later implements Handler {

        private final ConcurrentMap<String, CompletableFuture<Response>> jobs = new ConcurrentHashMap<>();
        private final Semaphore called = new Semaphore(0);
        private final AtomicInteger calls = new AtomicInteger();

        /** @return the job of that name, created not done on first use */
        public CompletableFuture<Response> job(String name) {
            return jobs.computeIfAbsent(name, n -> new CompletableFuture<>());
        }

        /** @return how many times the handler has been called, for every request together */
        public int calls() {
            return calls.get();
        }

        /** Waits until the handler has been called once more. */
        public void awaitCall() throws InterruptedException {
            if (!called.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new AssertionError(url() + " was not called within 10 seconds");
            }
        }

        @Override
        public String url() {
            return "/later";
        }

        @Override
        public Response handle(Request request, Session session) throws HandlerException {
            calls.incrementAndGet();
            CompletableFuture<Response> job = job(request.requireString("job"));
            if (Boolean.TRUE.equals(request.get("close"))) {
                session.closeAfterAnswer();
            }
            called.release();
            return Response.later(job);
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
