package dev.turnstile.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class AnswersTest {

    @Test
    void anAnswerIsItselfAndALaterOneIsWhatItsStageCompletedWith() throws Exception {
        Response now = Response.ok("now", true);
        CompletableFuture<Response> job = new CompletableFuture<>();
        Response later = Response.later(job);

        assertSame(now, Answers.of(now));
        assertFalse(Answers.ready(later));
        assertThrows(AssertionError.class, () -> Answers.of(later));
        job.complete(Response.ok("done", true));

        assertTrue(Answers.ready(later));
        assertEquals(Response.ok("done", true), Answers.of(later));
    }

    @Test
    void aStageThatFailedWithAHandlerExceptionThrowsItWrappedOrNot() {
        CompletableFuture<Response> direct = CompletableFuture.failedFuture(HandlerException.notFound("gone"));
        CompletableFuture<Response> wrapped = CompletableFuture.failedFuture(
                new CompletionException(HandlerException.conflict("changed")));

        assertEquals(404, assertThrows(HandlerException.class, () -> Answers.of(Response.later(direct))).code());
        assertEquals(409, assertThrows(HandlerException.class, () -> Answers.of(Response.later(wrapped))).code());
    }

    @Test
    void whatTheServerAnswers500IsAFailureHere() {
        assertThrows(IllegalStateException.class, () -> Answers.of(Response.later(
                CompletableFuture.failedFuture(new IllegalStateException("bug")))));
        assertThrows(AssertionError.class, () -> Answers.of(Response.later(CompletableFuture.completedFuture(null))));
        assertThrows(AssertionError.class, () -> Answers.of(Response.later(CompletableFuture.completedFuture(
                Response.later(new CompletableFuture<>())))));
    }
}
