package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class AnswerQueueTest {

    private final AnswerQueue queue = new AnswerQueue(2);

    @Test
    void eachAnswerGoesToTheOldestWaitingRequest() throws Exception {
        CompletableFuture<Reply> first = send();
        CompletableFuture<Reply> second = send();
        Reply a = reply(200);
        Reply b = reply(400);

        queue.answer(a);
        queue.answer(b);

        assertSame(a, first.join());
        assertSame(b, second.join());
    }

    @Test
    void theWindowIsFullWhileMaxInFlightRequestsWaitAndReopensWithEachAnswer() throws Exception {
        send();
        send();
        assertEquals(0, queue.room());

        queue.answer(reply(200));

        assertEquals(1, queue.room());
    }

    @Test
    void endingFailsWaitingAndLaterRequestsWithTheIoCauseAndGivesBackTheirRoom() throws Exception {
        CompletableFuture<Reply> waiting = send();
        IOException cause = new EOFException("the server closed the connection");

        queue.end(cause);

        assertSame(cause, assertThrows(CompletionException.class, waiting::join).getCause());
        assertSame(cause, assertThrows(CompletionException.class, send()::join).getCause());
        assertEquals(2, queue.room());
        assertTrue(queue.isEnded());
    }

    @Test
    void anAnswerNobodyWaitedForIsTheServersLastWordAndLaterRequestsFailWithIt() throws Exception {
        queue.answer(reply(503));
        assertFalse(queue.isEnded());

        queue.end(new EOFException("the server closed the connection"));

        Throwable failure = assertThrows(CompletionException.class, send()::join).getCause();
        assertEquals(503, ((TurnstileException) failure).code());
    }

    @Test
    void afterAnAnswerThatClosesTheConnectionLaterRequestsFailWithThatAnswer() throws Exception {
        CompletableFuture<Reply> tooLarge = send();
        queue.answer(reply(413));
        CompletableFuture<Reply> sentMeanwhile = send();

        queue.end(new EOFException("the server closed the connection"));

        assertEquals(413, tooLarge.join().code());
        Throwable failure = assertThrows(CompletionException.class, sentMeanwhile::join).getCause();
        assertEquals(413, ((TurnstileException) failure).code());
    }

    private CompletableFuture<Reply> send() throws IOException {
        queue.reserve();
        return queue.enqueue();
    }

    private static Reply reply(int code) {
        String line = "{\"code\":" + code + "}";
        return new Reply(code, Map.of("code", (long) code), line);
    }
}
