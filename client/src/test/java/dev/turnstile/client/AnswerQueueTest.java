package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    /** Reads answers like {"code":200,"n":5} straight from the line when it can, as a number. */
    private static final AnswerReader<Long> NUMBER = new AnswerReader<>() {
        @Override
        public Long readLine(byte[] line, int offset, int length) throws IOException {
            String text = new String(line, offset, length, StandardCharsets.UTF_8);
            if (text.contains("\"bad\"")) {
                throw new IOException("a bad answer");
            }
            return text.startsWith("{\"code\":200,\"n\":") ? Long.valueOf(text.substring(16, text.length() - 1)) : null;
        }

        @Override
        public Long read(Map<String, Object> answer) throws IOException {
            if (!(answer.get("n") instanceof Long n)) {
                throw new IOException("no n");
            }
            return -n;
        }
    };

    @Test
    void aReaderTakesA200LineStraightFromItsBytesOrHasItParsedAndAnotherCodeFails() throws Exception {
        CompletableFuture<Long> fast = send(NUMBER);
        CompletableFuture<Long> parsed = send(NUMBER);
        assertEquals(0, queue.room());

        line("{\"code\":200,\"n\":5}");
        line("{\"code\":200, \"n\":6}");

        assertEquals(5L, fast.join());
        assertEquals(-6L, parsed.join());
        assertEquals(2, queue.room());
        CompletableFuture<Long> refused = send(NUMBER);
        line("{\"code\":404,\"error\":\"no file\"}");
        Throwable failure = assertThrows(CompletionException.class, refused::join).getCause();
        assertEquals(404, ((TurnstileException) failure).code());
    }

    @Test
    void aReadersFailureFailsOnlyItsRequestAndTheNextAnswerIsStillRead() throws Exception {
        CompletableFuture<Long> bad = send(NUMBER);
        CompletableFuture<Long> lacking = send(NUMBER);

        line("{\"code\":200,\"bad\":1}");
        line("{\"code\":200,\"m\":1}");
        CompletableFuture<Long> good = send(NUMBER);
        line("{\"code\":200,\"n\":7}");

        assertEquals("a bad answer", assertThrows(CompletionException.class, bad::join).getCause().getMessage());
        assertEquals("no n", assertThrows(CompletionException.class, lacking::join).getCause().getMessage());
        assertEquals(7L, good.join());
        assertEquals(2, queue.room());
    }

    @Test
    void aLineThatIsNotAnAnswerIsAnIoErrorAndLeavesTheRequestWaitingForTheEnd() throws Exception {
        CompletableFuture<Long> waiting = send(NUMBER);

        assertThrows(IOException.class, () -> line("{\"code\":200,\"m\":"));
        assertThrows(IOException.class, () -> line("not json"));

        assertFalse(waiting.isDone());
        IOException cause = new IOException("the server sent a line that is not a Turnstile answer");
        queue.end(cause);
        assertSame(cause, assertThrows(CompletionException.class, waiting::join).getCause());
    }

    private void line(String text) throws IOException {
        byte[] bytes = ("xx" + text + "\n").getBytes(StandardCharsets.UTF_8);
        queue.answer(bytes, 2, bytes.length - 3);
    }

    private <T> CompletableFuture<T> send(AnswerReader<T> reader) throws IOException {
        queue.reserve();
        return queue.enqueue(AnswerQueue.read(reader));
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
