package dev.turnstile.server;

import dev.turnstile.startup.StartupException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.turnstile.json.JsonFramer;
import dev.turnstile.route.RouteTable;
import dev.turnstile.route.Router;
import dev.turnstile.testing.TestHandlers;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Arbitrary bytes, split at arbitrary points, through the whole request path a client can reach:
 * the {@link RequestPipeline} (its {@link JsonFramer}, decoder, router, handlers, encoder), the
 * same object {@link Connection} drives, without a socket. Whatever the bytes, no exception
 * escapes, every framed unit gets exactly one response, and every response is one line holding
 * one JSON object whose first member is {@code code}, followed by exactly the attachment it
 * announces, if any ({@code /bytes} sends a request's attachment back). The router is built anew
 * for each input, so the first login always grants {@code token-1}, which the seeds use to reach
 * the attachments (allowed only after login).
 *
 * <p>In a normal build the seeds under {@code RequestPipelineFuzzTestInputs} run as regression
 * tests; with {@code JAZZER_FUZZ=1} this is a fuzzing campaign (see docs/security.md).
 */
class RequestPipelineFuzzTest {

    /** Small, so the fuzzer reaches the 413 path as easily as the others. */
    private static final int LIMIT = 4096;
    /** Small too, so the fuzzer reaches the attachment's 413 as easily. */
    private static final int ATTACHMENT_LIMIT = 4096;

    @FuzzTest(maxDuration = "15m")
    void anyBytesGetOneWellFormedLinePerRequest(FuzzedDataProvider data) throws Exception {
        int chunk = data.consumeInt(1, 64);
        byte[] input = data.consumeRemainingAsBytes();

        RequestPipeline pipeline = new RequestPipeline(new Router(routes()), LIMIT, Integer.MAX_VALUE, ATTACHMENT_LIMIT,
                new InetSocketAddress("127.0.0.1", 40000), () -> { });
        int offset = 0;
        while (offset < input.length && !pipeline.ended()) {
            offset += pipeline.append(input, offset, Math.min(chunk, input.length - offset));
            pipeline.serve(0);
        }
        pipeline.endInput();
        pipeline.serve(0);
        assertTrue(pipeline.ended(), "the pipeline ends once the input has");
        long units = pipeline.requests();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        pipeline.writeTo(sink(written));

        byte[] all = written.toByteArray();
        int at = 0;
        long lines = 0;
        while (at < all.length) {
            int end = indexOf(all, (byte) '\n', at);
            int from = at;
            assertTrue(end >= 0, () -> "every line ends with LF: "
                    + clip(new String(all, from, all.length - from, StandardCharsets.UTF_8)));
            String line = utf8(Arrays.copyOfRange(all, at, end));
            lines++;
            assertTrue(line.startsWith("{\"code\":"), "code is the first member: " + clip(line));
            try (JsonReader reader = Json.createReader(new StringReader(line))) {
                JsonObject object = reader.readObject();
                assertTrue(object.containsKey("code"), clip(line));
                at = end + 1 + (object.containsKey("attachment") ? object.getJsonNumber("attachment").intValueExact() : 0);
            }
            assertTrue(at <= all.length, "the attachment's bytes follow its line: " + clip(line));
        }
        assertEquals(units, lines, "one line per framed unit");
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static WritableByteChannel sink(ByteArrayOutputStream bytes) {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
                int n = src.remaining();
                byte[] copy = new byte[n];
                src.get(copy);
                bytes.write(copy, 0, n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    private static String utf8(byte[] line) {
        // Lines are UTF-8; a malformed sequence would show up as U+FFFD and fail the JSON parse or the check below.
        String text = new String(line, StandardCharsets.UTF_8);
        assertTrue(Arrays.equals(line, text.getBytes(StandardCharsets.UTF_8)), "the line is valid UTF-8");
        return text;
    }

    private static RouteTable routes() {
        try {
            return RouteTable.of(new TestHandlers.Login(), new TestHandlers.Ping(), new TestHandlers.Echo(),
                    new TestHandlers.Fail(), new TestHandlers.Unwritable(), new TestHandlers.Bytes());
        } catch (StartupException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
