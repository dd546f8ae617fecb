package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.server.BusyPolicy;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TurnstileClientIT {

    @TempDir
    Path dataDir;

    private RunningServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = RunningServer.start(dataDir);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void loginReturnsTheTokenAndLaterCallsCarryItForYou() throws Exception {
        try (TurnstileClient client = TurnstileClient.connect(server.options())) {
            String token = client.login();

            assertTrue(token.matches("[0-9a-f]{64}"), token);
            assertEquals(token, client.token());
            Map<String, Object> answer = client.call("/echo", Map.of("data", List.of(1L, "two", Map.of("three", 3L))));
            assertEquals(Map.of("code", 200L, "data", List.of(1L, "two", Map.of("three", 3L))), answer);
        }
    }

    @Test
    void aCallBeforeLoginIsA401TurnstileExceptionAndTheConnectionStaysUsable() throws Exception {
        try (TurnstileClient client = TurnstileClient.connect(server.options())) {
            TurnstileException refused = assertThrows(TurnstileException.class, () -> client.call("/ping", Map.of()));

            assertEquals(401, refused.code());
            assertTrue(refused.error().startsWith("log in first"), refused.error());
            client.login();
            assertEquals(true, client.call("/ping", Map.of()).get("pong"));
        }
    }

    @Test
    void anUnknownUrlIsA400WithTheServersSentenceAndTheNextCallIsServed() throws Exception {
        try (TurnstileClient client = TurnstileClient.connect(server.options())) {
            client.login();

            TurnstileException unknown = assertThrows(TurnstileException.class, () -> client.call("/pong", Map.of()));

            assertEquals(400, unknown.code());
            assertTrue(unknown.error().contains("unknown url \"/pong\""), unknown.error());
            assertEquals("{\"code\":400,\"error\":\"" + unknown.error().replace("\"", "\\\"") + "\"}",
                    unknown.reply().line());
            assertEquals(true, client.call("/ping", Map.of()).get("pong"));
        }
    }

    @Test
    void pipelinedCallsAreAnsweredInTheOrderTheyWereSent() throws Exception {
        try (TurnstileClient client = TurnstileClient.connect(server.options().withMaxInFlight(8))) {
            client.login();
            List<CompletableFuture<Map<String, Object>>> answers = new ArrayList<>();

            for (long i = 0; i < 2000; i++) {
                answers.add(client.callAsync("/echo", Map.of("data", i)));
            }

            for (int i = 0; i < answers.size(); i++) {
                assertEquals((long) i, answers.get(i).join().get("data"));
            }
        }
    }

    @Test
    void aPipelinedNon200CompletesItsFutureWithATurnstileExceptionAndLeavesTheOthersAlone() throws Exception {
        try (TurnstileClient client = TurnstileClient.connect(server.options())) {
            client.login();

            CompletableFuture<Map<String, Object>> before = client.callAsync("/ping", Map.of());
            CompletableFuture<Map<String, Object>> bad = client.callAsync("/echo", Map.of());
            CompletableFuture<Map<String, Object>> after = client.callAsync("/ping", Map.of());

            CompletionException failed = assertThrows(CompletionException.class, bad::join);
            assertEquals(400, ((TurnstileException) failed.getCause()).code());
            assertEquals(true, before.join().get("pong"));
            assertEquals(true, after.join().get("pong"));
        }
    }

    @Test
    void submitHandsBackAnyAnswerWithItsExactLine() throws Exception {
        try (TurnstileClient client = TurnstileClient.connect(server.options())) {
            client.login();

            Reply reply = client.submit(Map.of("url", "/echo", "data", "é\n", "id", 7L)).join();

            assertEquals(200, reply.code());
            assertEquals("{\"code\":200,\"id\":7,\"data\":\"é\\n\"}", reply.line());
        }
    }

    @Test
    void aSecondClientOfABusyServerGetsA503ThatSaysBusy() throws Exception {
        try (TurnstileClient first = TurnstileClient.connect(server.options())) {
            first.login();
            try (TurnstileClient second = TurnstileClient.connect(server.options())) {

                TurnstileException busy = assertThrows(TurnstileException.class, second::login);

                assertTrue(busy.isBusy());
                assertEquals(503, busy.code());
                assertThrows(TurnstileException.class, () -> second.call("/ping", Map.of()));
            }
            assertEquals(true, first.call("/ping", Map.of()).get("pong"));
        }
    }

    @Test
    void aClosedClientFailsLaterCallsWithAnIOException() throws Exception {
        TurnstileClient client = TurnstileClient.connect(server.options());
        client.login();

        client.close();

        assertFalse(client.isOpen());
        IOException closed = assertThrows(IOException.class, () -> client.call("/ping", Map.of()));
        assertEquals("the client was closed", closed.getMessage());
    }

    @Test
    void aClosedClientsSlotIsFreeForTheNextConnectionAtOnce() throws Exception {
        // A blocking channel's close waits for its blocked reader: the server must be told anyway.
        for (int i = 0; i < 30; i++) {
            try (TurnstileClient client = TurnstileClient.connect(server.options())) {
                client.login();
                assertEquals(true, client.call("/ping", Map.of()).get("pong"), "connection " + i);
            }
        }
    }

    @Test
    void aPortWithNoServerIsAnIOExceptionOnConnect() throws Exception {
        int unused;
        try (ServerSocket probe = new ServerSocket(0)) {
            unused = probe.getLocalPort();
        }

        assertThrows(IOException.class, () -> TurnstileClient.connect(server.options().withPort(unused)));
    }

    @Test
    void theSecretIsSentOnlyWhenOneIsGiven(@TempDir Path otherDir) throws Exception {
        SecretLogin login = new SecretLogin("s3cret");
        try (RunningServer guarded = RunningServer.start(otherDir, BusyPolicy.QUEUE, login)) {
            try (TurnstileClient client = TurnstileClient.connect(guarded.options())) {
                TurnstileException refused = assertThrows(TurnstileException.class,
                        () -> client.login("box", null));
                assertEquals(401, refused.code());
                assertFalse(login.lastLogin().has("secret"));

                assertEquals("token-for-box", client.login("box", "s3cret"));
                assertEquals(true, client.call("/ping", Map.of()).get("pong"));
            }
            try (TurnstileClient client = TurnstileClient.connect(guarded.options().withSecret("s3cret"))) {
                assertEquals("token-for-test-box", client.login());
            }
        }
    }

    @Test
    void withoutAHostnameTheClientLogsInAsThisMachine() throws Exception {
        try (TurnstileClient client = TurnstileClient.connect(server.options().withHostname(null))) {
            client.login();
        }
        // Nothing to compare against but what the library computes: the point is that it is
        // accepted by the real /login rules (non-empty, at most 255 characters).
        String name = LocalHostName.get();
        assertFalse(name.isEmpty());
        assertTrue(name.length() <= 255);
    }
}
