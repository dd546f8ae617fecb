package dev.turnstile.server;

import dev.turnstile.startup.StartupException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestHandlers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server over real loopback sockets: every rule of SPEC §2 and the error paths of §3.
 * {@link TlsServerIT} runs every test again over TLS.
 */
class ServerIT {

    @TempDir
    Path dataDir;

    /** @return the configuration's transport settings: none here, TLS in the subclass */
    ServerConfig transport(ServerConfig config) {
        return config;
    }

    TestClient connect(TurnstileServer server) throws IOException {
        return TestClient.connect(server.address());
    }

    /** @return whether a client's first write waits for the server to accept it (a TLS handshake does) */
    boolean writeWaitsForAccept() {
        return false;
    }

    /** The server's clock: nothing times out unless a test moves it. */
    final ManualClock clock = new ManualClock();

    private TurnstileServer start(ServerConfig config) throws Exception {
        return TurnstileServer.start(transport(config).withPort(0).withDataDir(dataDir),
                LoadedPlugin.handlers(new TestHandlers.Login(), new TestHandlers.Ping(), new TestHandlers.Echo(),
                        new TestHandlers.Fail(), new TestHandlers.Unwritable()), clock);
    }

    private TurnstileServer start() throws Exception {
        return start(ServerConfig.defaults());
    }

    private static String ping(String token) {
        return "{\"url\":\"/ping\",\"token\":\"" + token + "\"}";
    }

    private static void assertServed(TestClient client, String token) throws IOException {
        assertEquals(Map.of("code", 200L, "pong", true), client.call(ping(token)));
    }

    @Test
    void loginThenPingIsServed() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            assertServed(client, client.login("box"));
        }
    }

    @Test
    void tenThousandPipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            int count = 10_000;
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    all.append("{\"url\":\"/ping\",\"token\":\"").append(token).append("\",\"id\":").append(i).append('}');
                }
                try {
                    client.send(all.toString());
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            for (long i = 0; i < count; i++) {
                Map<String, Object> response = client.readResponse();
                assertEquals(200L, response.get("code"));
                assertEquals(i, response.get("id"));
            }
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theOriginalClientStyleOfOneObjectWithoutNewlineIsAnswered() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            client.send("{\"url\": \"/login\", \"hostname\": \"hacknet-fedoralinux\"}");
            Map<String, Object> response = client.readResponse();
            assertEquals(200L, response.get("code"));
            assertTrue(response.containsKey("token"));
        }
    }

    @Test
    void responsesPutCodeFirstAndEchoTheId() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            client.send("{\"id\":{\"n\":[1,\"x\"]},\"url\":\"/ping\",\"token\":\"" + token + "\"}\n");
            assertEquals("{\"code\":200,\"id\":{\"n\":[1,\"x\"]},\"pong\":true}", client.readLine());
            client.send("{\"url\":\"/nope\",\"token\":\"" + token + "\",\"id\":null}\n");
            Map<String, Object> unknown = client.readResponse();
            assertEquals(400L, unknown.get("code"));
            assertTrue(unknown.containsKey("id"));
            assertNull(unknown.get("id"));
            assertTrue(((String) unknown.get("error")).contains("\"/nope\""));
        }
    }

    @Test
    void everyClientErrorIsOneLineAndTheNextRequestIsServed() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            List<String> bad = List.of(
                    "hello there",                                  // garbage line
                    "42",                                           // a bare number
                    "[1,2]",                                        // not an object
                    "{\"url\":}",                                   // not JSON
                    "{\"url\":\"/ping\",\"url\":\"/ping\"}",        // duplicate member
                    "{\"token\":\"" + token + "\"}",                // no url
                    "{\"url\":5}",                                  // url not a string
                    "{\"url\":\"/echo\",\"token\":\"" + token + "\"}", // missing parameter
                    "{\"url\":\"/nope\",\"token\":\"" + token + "\"}"); // unknown url
            for (String request : bad) {
                Map<String, Object> response = client.call(request);
                assertEquals(400L, response.get("code"), request);
                assertTrue(response.get("error") instanceof String, request);
                assertServed(client, token);
            }
            client.send(new byte[] {'{', '"', 'u', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
            assertEquals(400L, client.readResponse().get("code"), "invalid UTF-8");
            assertServed(client, token);

            client.send("[".repeat(5000) + "]".repeat(5000) + "\n");
            assertEquals(400L, client.readResponse().get("code"), "deep nesting");
            assertServed(client, token);

            assertEquals(401L, client.call("{\"url\":\"/ping\",\"token\":\"wrong\"}").get("code"));
            assertServed(client, token);
        }
    }

    @Test
    void aFailingHandlerIsA500ThatRevealsNothingAndKeepsTheConnection() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            for (String url : List.of("/fail", "/unwritable")) {
                String line = client.send("{\"url\":\"" + url + "\",\"token\":\"" + token + "\"}\n").readLine();
                Map<String, Object> response = TestClient.parse(line);
                assertEquals(500L, response.get("code"));
                assertFalse(line.contains("secret") || line.contains("Exception") || line.contains("java."), line);
                assertServed(client, token);
            }
        }
    }

    @Test
    void beforeLoginEveryUrlButTheLoginIsAnswered401() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            assertEquals(401L, client.call("{\"url\":\"/ping\"}").get("code"));
            assertEquals(401L, client.call("{\"url\":\"/does-not-exist\"}").get("code"));
            assertEquals(401L, client.call("{\"url\":\"/routes\"}").get("code"));
            assertServed(client, client.login("box"));
        }
    }

    @Test
    void routesListsEveryUrlForALoggedInClient() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            Map<String, Object> response = client.call("{\"url\":\"/routes\",\"token\":\"" + token + "\"}");
            List<?> routes = (List<?>) response.get("routes");
            assertEquals(List.of("/echo", "/fail", "/login", "/ping", "/routes", "/stats", "/unwritable"),
                    routes.stream().map(r -> ((Map<?, ?>) r).get("url")).toList());
            assertEquals(Map.of("url", "/login", "token", false, "jar", "class path"), routes.get(2));
        }
    }

    @Test
    void afterAHalfCloseEveryCompleteRequestIsAnsweredThenTheConnectionCloses() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            client.send(ping(token) + ping(token) + "\n" + ping(token) + "  {\"url\":\"/ping\"");
            client.shutdownOutput();
            for (int i = 0; i < 3; i++) {
                assertEquals(200L, client.readResponse().get("code"));
            }
            Map<String, Object> unfinished = client.readResponse();
            assertEquals(400L, unfinished.get("code"));
            assertTrue(((String) unfinished.get("error")).contains("before the request was complete"));
            assertNull(client.readLine());
        }
    }

    @Test
    void busyRejectSends503ToTheSecondClientAndLeavesTheFirstAlone() throws Exception {
        try (TurnstileServer server = start(); TestClient first = connect(server)) {
            String token = first.login("first");
            try (TestClient second = connect(server)) {
                Map<String, Object> busy = second.readResponse();
                assertEquals(503L, busy.get("code"));
                assertTrue(busy.get("error") instanceof String);
                assertNull(second.readLine());
            }
            assertServed(first, token);
        }
    }

    @Test
    void aClientThatClosesAndReconnectsAtOnceIsNeverRefusedAsBusy() throws Exception {
        // The original Python client opens a new connection for every request, right after closing
        // the last one; its end of stream and its next connection can reach one select together.
        try (TurnstileServer server = start()) {
            for (int i = 0; i < 50; i++) {
                try (TestClient client = connect(server)) {
                    Map<String, Object> answer = client.call("{\"url\":\"/login\",\"hostname\":\"again\"}");
                    assertEquals(200L, answer.get("code"), "connection " + i + ": " + answer);
                }
            }
        }
    }

    @Test
    void busyQueueServesTheNextClientWhenTheFirstLeaves() throws Exception {
        try (TurnstileServer server = start(ServerConfig.defaults().withBusy(BusyPolicy.QUEUE))) {
            TestClient first = connect(server);
            String token = first.login("first");
            try (TestClient second = connect(server)) {
                CompletableFuture<TestClient> sent = CompletableFuture.supplyAsync(() -> {
                    try {
                        return second.send("{\"url\":\"/login\",\"hostname\":\"second\"}\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                if (!writeWaitsForAccept()) {
                    sent.get(10, TimeUnit.SECONDS);
                    second.socket().setSoTimeout(300);
                    assertThrows(SocketTimeoutException.class, second::readLine, "served while the first is connected");
                }
                assertServed(first, token);
                first.close();
                sent.get(10, TimeUnit.SECONDS);
                second.socket().setSoTimeout(TestClient.TIMEOUT_MILLIS);
                Map<String, Object> login = second.readResponse();
                assertEquals(200L, login.get("code"));
                assertServed(second, (String) login.get("token"));
            }
        }
    }

    /**
     * The end-to-end proof of a timeout; every other timeout case is in {@link ConnectionTest},
     * on the same clock without a socket.
     */
    @Test
    void anIdleClientIsSent408AndDisconnectedWhichFreesTheSlot() throws Exception {
        try (TurnstileServer server = start(ServerConfig.defaults().withIdleTimeout(Duration.ofSeconds(300))
                .withBusy(BusyPolicy.QUEUE))) {
            try (TestClient client = connect(server)) {
                String token = client.login("box");
                clock.advance(Duration.ofSeconds(299));
                assertServed(client, token);
                clock.advance(Duration.ofSeconds(300));
                server.wakeUp();
                Map<String, Object> timeout = client.readResponse();
                assertEquals(408L, timeout.get("code"));
                assertTrue(((String) timeout.get("error")).contains("no request for 300 seconds"));
                assertNull(client.readLine());
            }
            try (TestClient next = connect(server)) {
                assertServed(next, next.login("next"));
            }
        }
    }

    @Test
    void aRequestOverTheLimitIsAnswered413AfterEarlierAnswersAndTheConnectionCloses() throws Exception {
        try (TurnstileServer server = start(ServerConfig.defaults().withMaxRequestBytes(100_000));
                TestClient client = connect(server)) {
            String token = client.login("box");
            String oversized = ping(token) + "{\"url\":\"/echo\",\"token\":\"" + token + "\",\"data\":\"" + "x".repeat(200_000) + "\"}";
            // The server may stop reading (and close) before the client has written it all.
            CompletableFuture.runAsync(() -> {
                try {
                    client.send(oversized);
                } catch (IOException expected) {
                    // broken pipe or reset once the server has closed
                }
            });
            assertEquals(200L, client.readResponse().get("code"));
            Map<String, Object> tooLarge = client.readResponse();
            assertEquals(413L, tooLarge.get("code"));
            assertTrue(((String) tooLarge.get("error")).contains("100000"));
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void beforeLoginARequestMayBeAtMost16KiB() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String oversized = "{\"url\":\"/login\",\"hostname\":\"" + "h".repeat(17 * 1024) + "\"}";
            CompletableFuture.runAsync(() -> {
                try {
                    client.send(oversized);
                } catch (IOException expected) {
                    // the server may close before the client has written it all
                }
            });
            Map<String, Object> tooLarge = client.readResponse();
            assertEquals(413L, tooLarge.get("code"));
            assertTrue(client.isClosedByServer());
        }
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            String data = "d".repeat(100 * 1024);
            Map<String, Object> echo = client.call("{\"url\":\"/echo\",\"token\":\"" + token + "\",\"data\":\"" + data + "\"}");
            assertEquals(data, echo.get("data"), "after login the 1 MiB limit applies");
        }
    }

    /**
     * The end-to-end proof of backpressure: 50 MB of requests written before any answer is read
     * are all answered, in order. That the server stops reading, and the bound on its buffers, are
     * asserted without a socket in {@link ConnectionTest}.
     */
    @Test
    void aClientThatWrites50MegabytesBeforeReadingIsAnsweredInOrder() throws Exception {
        int maxPending = 64 * 1024;
        try (TurnstileServer server = start(ServerConfig.defaults().withMaxPendingBytes(maxPending));
                TestClient client = connect(server)) {
            String token = client.login("box");
            int count = 50 * 1024 * 1024 / 1050;
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = client.socket().getOutputStream();
                    for (int i = 0; i < count; i++) {
                        out.write(("{\"url\":\"/echo\",\"token\":\"" + token + "\",\"id\":" + i + ",\"data\":\""
                                + "e".repeat(1000) + "\"}\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            for (int i = 0; i < count; i++) {
                Map<String, Object> response = client.readResponse();
                if (!Long.valueOf(200).equals(response.get("code")) || !Long.valueOf(i).equals(response.get("id"))) {
                    throw new AssertionError("response " + i + ": " + response);
                }
            }
            writer.get(30, TimeUnit.SECONDS);
            assertServed(client, token);
        }
    }

    @Test
    void aClientThatResetsMidRequestIsDroppedAndTheNextClientIsServed() throws Exception {
        try (TurnstileServer server = start(ServerConfig.defaults().withBusy(BusyPolicy.QUEUE))) {
            TestClient rude = connect(server);
            rude.login("rude");
            rude.send("{\"url\":\"/echo\",\"data\":\"half a req");
            rude.socket().setSoLinger(true, 0);
            rude.close();
            try (TestClient next = connect(server)) {
                assertServed(next, next.login("next"));
            }
        }
    }

    @Test
    void stoppingTheServerAnswersWhatWasReceivedAndCloses() throws Exception {
        TurnstileServer server = start();
        try (TestClient client = connect(server)) {
            String token = client.login("box");
            client.send(ping(token) + ping(token) + ping(token));
            assertEquals(200L, client.readResponse().get("code"));
            server.close();
            assertEquals(200L, client.readResponse().get("code"));
            assertEquals(200L, client.readResponse().get("code"));
            assertNull(client.readLine());
        } finally {
            server.close();
        }
    }

    @Test
    void anOccupiedPortIsAStartupErrorThatSaysSo() throws Exception {
        try (TurnstileServer server = start()) {
            StartupException e = assertThrows(StartupException.class, () -> TurnstileServer.start(
                    ServerConfig.defaults().withPort(server.address().getPort()).withDataDir(dataDir),
                    LoadedPlugin.handlers(new TestHandlers.Login())));
            assertTrue(e.getMessage().contains("already in use"), e.getMessage());
        }
    }
}
