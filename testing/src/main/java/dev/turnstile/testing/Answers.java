package dev.turnstile.testing;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Response;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What a handler's answer comes to, for unit tests of handlers that may answer
 * {@link Response#later}: the answer itself, or the later answer once its stage has completed,
 * with a failure turned back into the {@link HandlerException} the server would answer with.
 *
 * <pre>{@code
 * Response answer = handler.handle(request, session);   // Response.later(job)
 * background.runAll();                                  // a ManualExecutor runs the job
 * assertEquals(Response.ok("size", 5L), Answers.of(answer));
 * }</pre>
 */
public final class Answers {

    private Answers() {
    }

    /**
     * @param response what a handler returned
     * @return the response, or for a later one the response its stage completed with
     * @throws HandlerException when the later stage failed with one (directly or wrapped), as the
     *     server would answer its code and message
     * @throws AssertionError when the later stage has not completed yet, or completed with another
     *     later answer or with {@code null} (the server answers those 500)
     * @throws RuntimeException the stage's other failure, as it failed (the server answers 500)
     */
    public static Response of(Response response) throws HandlerException {
        if (!response.isLater()) {
            return response;
        }
        CompletableFuture<? extends Response> stage = response.later().toCompletableFuture();
        if (!stage.isDone()) {
            throw new AssertionError("the later answer has not come yet");
        }
        Response answer;
        try {
            answer = stage.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof HandlerException refusal) {
                throw refusal;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
        if (answer == null || answer.isLater()) {
            throw new AssertionError("a later answer must complete with a Response that is not later itself: " + answer);
        }
        return answer;
    }

    /**
     * @param response what a handler returned
     * @return whether it is an answer already, or a later one whose stage has completed
     */
    public static boolean ready(Response response) {
        return !response.isLater() || response.later().toCompletableFuture().isDone();
    }
}
