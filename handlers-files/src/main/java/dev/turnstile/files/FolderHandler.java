package dev.turnstile.files;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionStage;

/**
 * What the files plugin's handlers have in common: the shared folder they serve, and the way work
 * that touches it is answered without blocking the server thread: the work runs as a job on one of
 * the plugin's {@link Lanes}, and the handler answers {@link Response#later} on the job's future.
 */
abstract class FolderHandler implements Handler {

    final SharedFolder folder;

    /** @param folder the folder the plugin opened, shared by its handlers */
    FolderHandler(SharedFolder folder) {
        this.folder = folder;
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
     * Runs the job on a lane and answers what it returns, later: a {@link HandlerException} it
     * throws is answered with its code, anything else it throws is a 500.
     */
    final Response later(Lanes.Lane lane, Lanes.Job<Response> job) {
        return Response.later(folder.lanes().submit(lane, job));
    }

    /** As {@link #later}, for a job whose answer may come from another job it hands over to. */
    final Response laterStage(Lanes.Lane lane, Lanes.Job<CompletionStage<Response>> job) {
        return Response.later(folder.lanes().submit(lane, job).thenCompose(stage -> stage));
    }

    /**
     * Runs the job on a lane once the index is ready (the scan at start-up is through), so that a
     * large first start does not answer from a partial index.
     */
    final Response laterWhenReady(Lanes.Lane lane, Lanes.Job<Response> job) {
        return Response.later(folder.index().ready().thenCompose(ready -> folder.lanes().submit(lane, job)));
    }

    /** Optional boolean member: absent gives {@code false}; present, it must be a boolean. */
    static boolean optionalFlag(Request request, String name) throws HandlerException {
        if (!request.has(name)) {
            return false;
        }
        if (request.get(name) instanceof Boolean value) {
            return value;
        }
        throw HandlerException.badRequest('"' + name + "\" must be true or false");
    }

    /** Required integer member in a range: a missing, mistyped or out-of-range value is a 400 that says the range. */
    static long requireLong(Request request, String name, long min, long max) throws HandlerException {
        request.require(name);
        return optionalLong(request, name, 0, min, max);
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
}
