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

        queue.answer(a).settle();
        queue.answer(b).settle();

        assertSame(a, first.join());
        assertSame(b, second.join());
    }

    @Test
    void theWindowIsFullWhileMaxInFlightRequestsWaitAndReopensWithEachAnswer() throws Exception {
        send();
        send();
        assertEquals(0, queue.room());

        queue.answer(reply(200)).settle();

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
        queue.answer(reply(503)).settle();
        assertFalse(queue.isEnded());

        queue.end(new EOFException("the server closed the connection"));

        Throwable failure = assertThrows(CompletionException.class, send()::join).getCause();
        assertEquals(503, ((TurnstileException) failure).code());
    }

    @Test
    void afterAnAnswerThatClosesTheConnectionLaterRequestsFailWithThatAnswer() throws Exception {
        CompletableFuture<Reply> tooLarge = send();
        queue.answer(reply(413)).settle();
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

    /** Reads {"code":200,"name":…} as its name, and takes its attachment into {@link #received}. */
    private final java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
    private final AnswerReader<String> named = new AnswerReader<>() {
        @Override
        public String readLine(byte[] line, int offset, int length) {
            return "from the line's bytes";
        }

        @Override
        public String read(Map<String, Object> answer) {
            return (String) answer.get("name");
        }

        @Override
        public AttachmentSink attachment(String value, long length) {
            return piece -> {
                if (value.equals("failing")) {
                    throw new IOException("the disk is full");
                }
                byte[] bytes = new byte[piece.remaining()];
                piece.get(bytes);
                received.writeBytes(bytes);
            };
        }
    };

    private AnswerQueue.Delivery delivery(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return queue.answer(bytes, 0, bytes.length);
    }

    private static java.nio.ByteBuffer bytes(String text) {
        return java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAttachmentGoesToTheReadersSinkAndTheAnswerCompletesAfterItsLastPiece() throws Exception {
        CompletableFuture<String> answer = send(named);

        AnswerQueue.Delivery delivery = delivery("{\"code\":200,\"name\":\"a\",\"attachment\":5}");
        assertEquals(5, delivery.attachment());
        delivery.bytes(bytes("hel"));
        delivery.bytes(bytes("lo"));
        assertFalse(answer.isDone(), "not before the bytes are where they go");
        delivery.settle();

        assertEquals("a", answer.join(), "a line that ends with an attachment is parsed, not read from its bytes");
        assertEquals("hello", received.toString(StandardCharsets.UTF_8));
        assertEquals(2, queue.room());
    }

    @Test
    void aSinksFailureFailsItsRequestSkipsTheRestOfItsBytesAndTheNextAnswerIsRead() throws Exception {
        CompletableFuture<String> failing = send(named);
        CompletableFuture<String> next = send(named);

        AnswerQueue.Delivery delivery = delivery("{\"code\":200,\"name\":\"failing\",\"attachment\":4}");
        delivery.bytes(bytes("ab"));
        delivery.bytes(bytes("cd"));
        delivery.settle();
        delivery("{\"code\":200,\"name\":\"b\"}").settle();

        assertEquals("the disk is full", assertThrows(CompletionException.class, failing::join).getCause().getMessage());
        assertEquals("from the line's bytes", next.join());
        assertEquals("", received.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theAttachmentOfARefusalOrOfAnAnswerNobodyAwaitedIsSkippedButStillFramed() throws Exception {
        CompletableFuture<String> refused = send(named);

        AnswerQueue.Delivery refusal = delivery("{\"code\":409,\"error\":\"changed\",\"attachment\":3}");
        assertEquals(3, refusal.attachment());
        refusal.bytes(bytes("abc"));
        refusal.settle();
        AnswerQueue.Delivery unasked = delivery("{\"code\":200,\"attachment\":2}");
        assertEquals(2, unasked.attachment());

        assertEquals(409, ((TurnstileException) assertThrows(CompletionException.class, refused::join).getCause()).code());
        assertEquals("", received.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSubmittersSinkTakesTheAttachmentOfAnAnswerWhateverItsCode() throws Exception {
        queue.reserve();
        CompletableFuture<Reply> answer = queue.enqueue(AnswerQueue.reply(piece -> received.writeBytes(bytes(piece))));

        AnswerQueue.Delivery delivery = delivery("{\"code\":404,\"attachment\":2}");
        delivery.bytes(bytes("no"));
        delivery.settle();

        assertEquals(404, answer.join().code());
        assertEquals("no", received.toString(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(java.nio.ByteBuffer piece) {
        byte[] copy = new byte[piece.remaining()];
        piece.get(copy);
        return copy;
    }

    @Test
    void closingWhileAnAttachmentIsHandedOverLeavesItsRequestToTheReaderWhichFailsItOnceItLetsGo() throws Exception {
        CompletableFuture<String> delivering = send(named);
        CompletableFuture<String> behind = send(named);
        AnswerQueue.Delivery delivery = delivery("{\"code\":200,\"name\":\"a\",\"attachment\":5}");
        delivery.bytes(bytes("hel"));

        queue.end(new IOException("the client was closed"));

        assertTrue(behind.isCompletedExceptionally());
        assertFalse(delivering.isDone(), "its sink may still be taking bytes on the reader thread");
        queue.endAll(new IOException("the client was closed"));
        assertEquals("the client was closed",
                assertThrows(CompletionException.class, delivering::join).getCause().getMessage());
        assertEquals(2, queue.room());
    }

    @Test
    void anAttachmentMemberThatIsNotAByteCountCannotBeFramedAndEndsTheConnection() throws Exception {
        send();

        assertThrows(IOException.class, () -> delivery("{\"code\":200,\"attachment\":\"5\"}"));
        assertThrows(IOException.class, () -> delivery("{\"code\":200,\"attachment\":-1}"));
    }

    @Test
    void onlyAnAttachmentMemberAtTheEndOfTheLineCountsAsOne() {
        for (String line : new String[] {"{\"code\":200,\"attachment\":0}", "{\"attachment\":12}"}) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertTrue(AnswerQueue.endsWithAttachment(bytes, 0, bytes.length), line);
        }
        for (String line : new String[] {"{\"code\":200,\"attachment\":}", "{\"code\":200,\"xattachment\":3",
            "{\"code\":200,\"n\":3}", "{\"data\":\"\\\"attachment\\\":3\"}", "}", ""}) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertFalse(AnswerQueue.endsWithAttachment(bytes, 0, bytes.length), line);
        }
    }

    private void line(String text) throws IOException {
        byte[] bytes = ("xx" + text + "\n").getBytes(StandardCharsets.UTF_8);
        queue.answer(bytes, 2, bytes.length - 3).settle();
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
