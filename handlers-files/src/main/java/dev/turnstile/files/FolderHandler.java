package dev.turnstile.files;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerContext;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What the files plugin's handlers have in common: the shared folder they serve, its settings,
 * and the way slow work is answered without blocking the server thread: the work runs as a job on
 * the background thread, and until it is done the handler answers {@link Response#retryAfter},
 * keeping the job in the session so that the server's next call with the same request picks up
 * its result.
 */
abstract class FolderHandler implements Handler {

    /** How soon the server asks again while a job runs: short, as a job is often a few ms. */
    static final Duration RETRY = Duration.ofMillis(10);

    /**
     * How soon the server asks again during a job's first {@link #FAST_POLLS} polls: the SPI's
     * minimum. Most jobs (a small file's commit, a hash from the cache) end within a few ms, and
     * while one runs its connection's later requests wait, so each ms of poll slack is a ms per
     * request (a push of many small files commits once per file). A long job (a large file's
     * hash) is then polled every {@link #RETRY}, so it does not cost a thousand polls a second.
     */
    static final Duration FAST_RETRY = Duration.ofMillis(1);

    /** How many polls of a job use {@link #FAST_RETRY}: about its first 20 ms. */
    static final int FAST_POLLS = 20;

    private final boolean shared;
    private SharedFolder folder;

    /** For the server: the folder comes from the settings at start. */
    FolderHandler() {
        this.shared = true;
    }

    /** For tests: serves the given folder, which the test opens and closes. */
    FolderHandler(SharedFolder folder) {
        this.shared = false;
        this.folder = folder;
    }

    @Override
    public final List<Setting> settings() {
        return FolderSettings.DECLARED;
    }

    @Override
    public final void start(HandlerContext context) throws Exception {
        if (shared) {
            folder = SharedFolders.acquire(context);
        }
    }

    @Override
    public final void stop() {
        if (shared && folder != null) {
            SharedFolders.release(folder);
            folder = null;
        }
    }

    @Override
    public final Response handle(Request request, Session session) throws HandlerException {
        try {
            return answer(request, session, folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers one request; an {@link IOException} becomes a 500 with its trace in the log. */
    abstract Response answer(Request request, Session session, SharedFolder folder) throws HandlerException, IOException;

    /** 403 unless the folder is writable. */
    static void requireWritable(SharedFolder folder) throws HandlerException {
        if (!folder.settings().writable()) {
            throw HandlerException.forbidden("the shared folder is read-only; the server must run with files-writable=true");
        }
    }

    /**
     * The job's answer once it is done; {@link Response#retryAfter} until then. The first call for
     * a request starts the job; the server's repeated calls with the same request poll it.
     *
     * @param start starts the job; called once per request
     */
    final Response whenDone(Request request, Session session, JobStart start) throws HandlerException, IOException {
        String key = url() + "#job";
        Pending pending = session.attributes().get(key) instanceof Pending held && held.request().equals(request)
                ? held : null;
        if (pending == null) {
            pending = new Pending(request, start.start());
            session.attributes().put(key, pending);
        }
        if (!pending.future().isDone()) {
            return Response.retryAfter(pending.polled() <= FAST_POLLS ? FAST_RETRY : RETRY);
        }
        session.attributes().remove(key);
        try {
            return pending.future().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HandlerException refusal) {
                throw refusal;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** Optional integer member: absent gives the fallback; present, it must be an integer in range. */
    static long optionalLong(Request request, String name, long fallback, long min, long max) throws HandlerException {
        if (!request.has(name)) {
            return fallback;
        }
        if (request.get(name) instanceof Long value && value >= min && value <= max) {
            return value;
        }
        throw HandlerException.badRequest('"' + name + "\" must be an integer from " + min + " to " + max);
    }

    /** Starts a job for {@link #whenDone}. */
    interface JobStart {
        CompletableFuture<Response> start() throws HandlerException, IOException;
    }

    /** A request's job, and how often the server has asked for its answer so far. */
    private static final class Pending {

        private final Request request;
        private final CompletableFuture<Response> future;
        private int polls;

        Pending(Request request, CompletableFuture<Response> future) {
            this.request = request;
            this.future = future;
        }

        Request request() {
            return request;
        }

        CompletableFuture<Response> future() {
            return future;
        }

        /** @return how many times the answer has been asked for, this time included */
        int polled() {
            return ++polls;
        }
    }
}
