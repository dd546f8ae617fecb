package dev.turnstile.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramedInputTest {

    private static final int INITIAL = 16 * 1024;

    private static byte[] request(int dataLength) {
        return ("{\"data\":\"" + "d".repeat(dataLength) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Appends the whole request as reads would, taking each text the framer finds. */
    private static void feed(FramedInput input, byte[] bytes) {
        int offset = 0;
        while (offset < bytes.length) {
            offset += input.append(bytes, offset, bytes.length - offset);
            while (input.next() == JsonFramer.Result.TEXT) {
                // answered
            }
        }
    }

    @Test
    void aBufferGrownForLargeRequestsKeepsItsSizeWhileTheyKeepComing() {
        FramedInput input = new FramedInput(1 << 20, INITIAL);
        feed(input, request(600_000));
        int grown = input.capacity();
        assertTrue(grown >= 600_000, "grown to hold the request: " + grown);
        for (int i = 0; i < 3; i++) {
            byte[] next = request(600_000);
            // The first read of the next request finds the buffer as large as before.
            int taken = input.append(next, 0, 100);
            assertEquals(grown, input.capacity(), "kept for request " + i);
            feed(input, Arrays.copyOfRange(next, taken, next.length));
            assertEquals(grown, input.capacity(), "not regrown for request " + i);
        }
    }

    @Test
    void aBufferGrownForOneLargeRequestShrinksBackOnceSmallOnesFollow() {
        FramedInput input = new FramedInput(1 << 20, INITIAL);
        feed(input, request(600_000));
        feed(input, request(10));
        feed(input, request(10));
        assertEquals(INITIAL, input.capacity());
    }

    /** Appends the bytes, announcing the attachment after the first text; returns what the framer reported. */
    private static List<JsonFramer.Result> feedAnnouncing(FramedInput input, byte[] bytes, long attachment) {
        List<JsonFramer.Result> results = new ArrayList<>();
        int offset = 0;
        while (offset < bytes.length) {
            offset += input.append(bytes, offset, bytes.length - offset);
            JsonFramer.Result result;
            while ((result = input.next()) != JsonFramer.Result.NEED_MORE) {
                results.add(result);
                if (result == JsonFramer.Result.TEXT && results.size() == 1) {
                    input.expectAttachment(attachment);
                }
                if (result == JsonFramer.Result.ATTACHMENT) {
                    ByteBuffer view = input.attachment();
                    assertEquals(attachment, view.remaining());
                    assertEquals('<', view.get(0), "the view starts at the attachment's first byte");
                    assertEquals('>', view.get(view.limit() - 1));
                }
            }
        }
        return results;
    }

    private static byte[] withAttachment(int size) {
        byte[] text = "{\"attachment\":1}\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(text, text.length + size + 2);
        Arrays.fill(all, text.length, text.length + size, (byte) '{');
        all[text.length] = '<';
        all[text.length + size - 1] = '>';
        all[all.length - 2] = '{';
        all[all.length - 1] = '}';
        return all;
    }

    @Test
    void anAttachmentLargerThanTheTextLimitIsHeldWholeAndTheBufferGrowsOnceToItsSize() {
        FramedInput input = new FramedInput(1024, INITIAL);
        int size = 1_000_000;
        byte[] stream = withAttachment(size);
        int taken = input.append(stream, 0, 100); // the text and the first bytes of the attachment
        assertEquals(JsonFramer.Result.TEXT, input.next());
        input.expectAttachment(size);
        assertEquals(JsonFramer.Result.NEED_MORE, input.next());
        input.append(stream, taken, 1);
        assertEquals(size, input.capacity(), "straight to the attachment's size, its first bytes moved to the front");
        List<JsonFramer.Result> results = new ArrayList<>();
        int offset = taken + 1;
        while (offset < stream.length) {
            offset += input.append(stream, offset, stream.length - offset);
            JsonFramer.Result result;
            while ((result = input.next()) != JsonFramer.Result.NEED_MORE) {
                results.add(result);
                if (result == JsonFramer.Result.ATTACHMENT) {
                    assertEquals(size, input.attachment().remaining());
                    assertEquals('<', input.attachment().get(0));
                }
            }
        }
        assertEquals(List.of(JsonFramer.Result.ATTACHMENT, JsonFramer.Result.TEXT), results);
        assertEquals(size, input.capacity(), "never past the attachment's size");
    }

    @Test
    void aBufferGrownForAnAttachmentShrinksBackOnceSmallRequestsFollow() {
        FramedInput input = new FramedInput(1024, INITIAL);
        assertEquals(List.of(JsonFramer.Result.TEXT, JsonFramer.Result.ATTACHMENT, JsonFramer.Result.TEXT),
                feedAnnouncing(input, withAttachment(500_000), 500_000));
        assertTrue(input.capacity() >= 500_000);
        feed(input, request(10));
        feed(input, request(10));
        assertEquals(INITIAL, input.capacity());
    }

    @Test
    void anAttachmentSmallerThanTheBufferNeedsNoGrowth() {
        FramedInput input = new FramedInput(1024, INITIAL);
        assertEquals(List.of(JsonFramer.Result.TEXT, JsonFramer.Result.ATTACHMENT, JsonFramer.Result.TEXT),
                feedAnnouncing(input, withAttachment(5000), 5000));
        assertEquals(INITIAL, input.capacity());
    }
}
