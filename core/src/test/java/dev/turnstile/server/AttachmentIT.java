package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestHandlers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binary attachments (SPEC §2) over real loopback sockets: both directions, bytes and file regions
 * larger than the output limit, order among pipelined answers, and every refusal, each followed by
 * one more request where the connection goes on. {@link TlsAttachmentIT} runs them all over TLS.
 */
class AttachmentIT {

    private static final String PONG_LINE = "{\"code\":200,\"pong\":true}";
    /** Small, so the 413 for a too large attachment needs few bytes. */
    private static final long LIMIT = 8 * 1024 * 1024;

    @TempDir
    Path dataDir;

    /** The server's clock: nothing times out. */
    final ManualClock clock = new ManualClock();
    final TestHandlers.Region region = new TestHandlers.Region();

    /** @return the configuration's transport settings: none here, TLS in the subclass */
    ServerConfig transport(ServerConfig config) {
        return config;
    }

    TestClient connect(TurnstileServer server) throws IOException {
        return TestClient.connect(server.address());
    }

    private TurnstileServer start() throws Exception {
        return TurnstileServer.start(transport(ServerConfig.defaults()).withPort(0).withDataDir(dataDir)
                        .withMaxAttachmentBytes(LIMIT),
                LoadedPlugin.handlers(new TestHandlers.Login(), new TestHandlers.Ping(), new TestHandlers.Echo(),
                        new TestHandlers.Fail(), new TestHandlers.Bytes(), region), clock);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String ping(String token) {
        return "{\"url\":\"/ping\",\"token\":\"" + token + "\"}";
    }

    /** Random bytes with a request, braces, quotes and newlines in them, which must stay data. */
    private static byte[] data(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        byte[] request = utf8("\n{\"url\":\"/ping\"}\n\"}{");
        for (int at = 0; at + request.length < size; at += 4096) {
            System.arraycopy(request, 0, bytes, at, request.length);
        }
        return bytes;
    }

    /** Writes on another thread, as a client that reads while it writes does. */
    private static CompletableFuture<Void> sendAsync(TestClient client, byte[] bytes) {
        return CompletableFuture.runAsync(() -> {
            try {
                client.send(bytes);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static void assertServed(TestClient client, String token) throws IOException {
        assertEquals(Map.of("code", 200L, "pong", true), client.call(ping(token)));
    }

    private static void assertClosedAfter(TestClient client, String line) throws IOException {
        assertEquals(line, client.readLine());
        assertTrue(client.isClosedByServer(), "the stream cannot be framed any more: the connection closes");
    }

    @Test
    void anUploadOfSeveralMebibytesIsHandedToTheHandlerWholeAndSentBackWhole() throws Exception {
        byte[] data = data(5 * 1024 * 1024 + 3, 1);
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            stream.writeBytes(utf8("{\"url\":\"/bytes\",\"token\":\"" + token + "\",\"id\":1,\"attachment\":" + data.length
                    + "}\r\n"));
            stream.writeBytes(data);
            stream.writeBytes(utf8(ping(token)));
            CompletableFuture<Void> writer = sendAsync(client, stream.toByteArray());
            assertEquals("{\"code\":200,\"id\":1,\"received\":" + data.length + ",\"attachment\":" + data.length + "}",
                    client.readLine());
            assertArrayEquals(data, client.readBytes(data.length));
            assertEquals(PONG_LINE, client.readLine(), "the attachment's request-like bytes were data");
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void fileRegionsLargerThanTheOutputLimitArriveWholeAndInOrderAmongPipelinedAnswers() throws Exception {
        byte[] content = data(20 * 1024 * 1024, 2);
        Path file = Files.write(dataDir.resolve("big.bin"), content);
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            String big = "{\"url\":\"/region\",\"token\":\"" + token + "\",\"path\":\"" + file + "\",\"offset\":3,\"count\":"
                    + (content.length - 3) + "}";
            String small = "{\"url\":\"/region\",\"token\":\"" + token + "\",\"path\":\"" + file + "\",\"offset\":100,\"count\":10}";
            CompletableFuture<Void> writer = sendAsync(client, utf8(ping(token) + big + ping(token) + small + ping(token)));
            assertEquals(PONG_LINE, client.readLine());
            assertEquals("{\"code\":200,\"path\":\"" + file + "\",\"attachment\":" + (content.length - 3) + "}", client.readLine());
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 3, content.length), client.readBytes(content.length - 3));
            assertEquals(PONG_LINE, client.readLine());
            assertEquals("{\"code\":200,\"path\":\"" + file + "\",\"attachment\":10}", client.readLine());
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 100, 110), client.readBytes(10));
            assertEquals(PONG_LINE, client.readLine());
            writer.get(10, TimeUnit.SECONDS);
        }
        assertEquals(2, region.opened().size());
        region.opened().forEach(channel -> assertFalse(channel.isOpen(), "every region's file is closed once sent"));
    }

    @Test
    void theFileOfARegionNotSentWhenTheClientLeavesIsClosed() throws Exception {
        Path file = Files.write(dataDir.resolve("big.bin"), new byte[32 * 1024 * 1024]);
        try (TurnstileServer server = start()) {
            try (TestClient client = connect(server)) {
                String token = client.login("box");
                client.send("{\"url\":\"/region\",\"token\":\"" + token + "\",\"path\":\"" + file
                        + "\",\"offset\":0,\"count\":" + (32 * 1024 * 1024) + "}");
                assertTrue(client.readLine().endsWith(",\"attachment\":33554432}"));
            }
        }
        assertFalse(region.opened().get(0).isOpen(), "closed with the connection, at the latest when the server stops");
    }

    @Test
    void refusalsAfterTheBytesConsumeThemAndTheConnectionGoesOn() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            String[][] cases = {
                {"{\"url\":\"/nope\",\"token\":\"" + token + "\",\"attachment\":16}",
                    "{\"code\":400,\"error\":\"unknown url \\\"/nope\\\"; /routes lists the urls this server serves\"}"},
                {"{\"url\":\"/ping\",\"token\":\"stale\",\"attachment\":16}",
                    "{\"code\":401,\"error\":\"\\\"token\\\" is not valid on this connection; log in again\"}"},
                {"{\"url\":\"/echo\",\"token\":\"" + token + "\",\"attachment\":16}",
                    "{\"code\":400,\"error\":\"\\\"data\\\" is required\"}"},
                {"{\"url\":\"/fail\",\"token\":\"" + token + "\",\"attachment\":16}",
                    "{\"code\":500,\"error\":\"the handler for /fail failed; the server log has the details\"}"},
            };
            for (String[] refused : cases) {
                client.send(refused[0] + "\n{\"url\":\"/ping\"}\n");
                assertEquals(refused[1], client.readLine(), refused[0]);
                assertServed(client, token);
            }
        }
    }

    @Test
    void anAttachmentThatIsNotANonNegativeIntegerIs400AndTheConnectionCloses() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            client.send("{\"url\":\"/bytes\",\"token\":\"" + token + "\",\"attachment\":\"3\"}\nabc" + ping(token));
            assertClosedAfter(client, "{\"code\":400,\"error\":\"\\\"attachment\\\" must be a non-negative integer: the number"
                    + " of raw bytes after the request; closing the connection\"}");
        }
    }

    @Test
    void anAttachmentWithoutTheNewlineAfterItsObjectIs400AndTheConnectionCloses() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            client.send("{\"url\":\"/bytes\",\"token\":\"" + token + "\",\"attachment\":3} abc" + ping(token));
            assertClosedAfter(client, "{\"code\":400,\"error\":\"a request's attachment follows its object after one newline"
                    + " (LF or CRLF); closing the connection\"}");
        }
    }

    @Test
    void anAttachmentOverTheLimitIs413AndTheConnectionCloses() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            client.send("{\"url\":\"/bytes\",\"token\":\"" + token + "\",\"attachment\":" + (LIMIT + 1) + "}\n" + "x".repeat(1000));
            assertClosedAfter(client, "{\"code\":413,\"error\":\"attachment of " + (LIMIT + 1) + " bytes is larger than the"
                    + " limit of " + LIMIT + " bytes; closing the connection\"}");
        }
    }

    @Test
    void anAttachmentBeforeLoginIs413AndTheConnectionCloses() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            client.send("{\"url\":\"/login\",\"attachment\":3}\nabc");
            assertClosedAfter(client, "{\"code\":413,\"error\":\"attachments are allowed only after login; closing the"
                    + " connection\"}");
        }
    }
}
