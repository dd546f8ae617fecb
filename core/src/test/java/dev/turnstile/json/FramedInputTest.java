package dev.turnstile.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
}
