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
 * the background thread, and until it is done the handler answers {@link Response#retryWhen} on
 * the job's future, keeping the job in the session so that the server's next call with the same
 * request, which comes as soon as the job is done, picks up its result.
 */
abstract class FolderHandler implements Handler {

    /**
     * How long the server waits for a job before asking again anyway. The job's completion is
     * what normally brings the next call (a small file's commit is answered the moment it is
     * done: with polls, each ms of slack was a ms per file of a push); this is only the safety net,
     * and a long job (a large file's hash) is simply looked at once a second.
     */
    static final Duration JOB_WAIT = Duration.ofSeconds(1);

    /**
     * How soon the server asks again when there is no job to wait for, only a state to look at
     * again (a file that changed while it was hashed).
     */
    static final Duration RETRY = Duration.ofMillis(10);

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
     * The job's answer once it is done; {@link Response#retryWhen} its future until then. The
     * first call for a request starts the job; the server calls again with the same request when
     * the job is done (or after {@link #JOB_WAIT}), and that call answers.
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
            return Response.retryWhen(pending.future(), JOB_WAIT);
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

    /** A request and its job. */
    private record Pending(Request request, CompletableFuture<Response> future) {
    }
}
