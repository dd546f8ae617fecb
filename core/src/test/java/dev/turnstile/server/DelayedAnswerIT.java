package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.RouteTable;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestHandlers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Session.delayAnswer}, {@code closeAfterAnswer} and the retries over real sockets: held, in
 * order, never blocking. {@link TlsDelayedAnswerIT} runs the same over TLS.
 */
class DelayedAnswerIT {

    @TempDir
    Path dataDir;

    ServerConfig transport(ServerConfig config) {
        return config;
    }

    TestClient connect(TurnstileServer server) throws IOException {
        return TestClient.connect(server.address());
    }

    /** The server's clock: a held answer goes out only when a test moves it. */
    final ManualClock clock = new ManualClock();
    private final TestHandlers.Delay delay = new TestHandlers.Delay();
    private final TestHandlers.Retry retry = new TestHandlers.Retry();
    private final TestHandlers.Await await = new TestHandlers.Await();

    private TurnstileServer start() throws Exception {
        return TurnstileServer.start(transport(ServerConfig.defaults()).withPort(0).withDataDir(dataDir),
                RouteTable.of(new TestHandlers.Login(), new TestHandlers.Ping(), delay, retry, await), clock);
    }

    /** Moves the server's clock and makes it look. */
    private void advance(TurnstileServer server, Duration by) {
        clock.advance(by);
        server.wakeUp();
    }

    @Test
    void aHeldAnswerDoesNotStopTheServerFromRejectingASecondClient() throws Exception {
        try (TurnstileServer server = start(); TestClient first = connect(server)) {
            String token = first.login("first");
            first.send("{\"url\":\"/delay\",\"ms\":3000}\n");
            try (TestClient second = connect(server)) {
                assertEquals(503L, second.readResponse().get("code"));
                assertNull(second.readLine());
            }
            delay.awaitCall();
            // The clock has not moved, so the held answer cannot have been sent, however slow the machine.
            assertEquals(0, first.socket().getInputStream().available(),
                    "the held answer arrived before its deadline");
            advance(server, Duration.ofMillis(3000));
            assertEquals(401L, first.readResponse().get("code"));
            assertEquals(200L, first.call("{\"url\":\"/ping\",\"token\":\"" + token + "\"}").get("code"));
        }
    }

    @Test
    void answersBeforeAHeldOneAreSentAndThoseAfterItWaitInOrder() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            String ping = "{\"url\":\"/ping\",\"token\":\"" + token + "\",\"id\":";
            client.send(ping + "1}" + "{\"url\":\"/delay\",\"ms\":300,\"id\":2}" + ping + "3}" + ping + "4}\n");
            Map<String, Object> first = client.readResponse();
            assertEquals(1L, first.get("id"));
            delay.awaitCall();
            advance(server, Duration.ofMillis(300));
            for (long id = 2; id <= 4; id++) {
                Map<String, Object> response = client.readResponse();
                assertEquals(id, response.get("id"));
                assertEquals(id == 2 ? 401L : 200L, response.get("code"));
            }
            assertEquals(200L, client.call(ping + "5}").get("code"));
        }
    }

    @Test
    void aRequestAnsweredRetryLaterIsRoutedAgainAtItsDeadlineAndLaterOnesKeepTheirOrder() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            client.send("{\"url\":\"/retry\",\"token\":\"" + token + "\",\"calls\":2,\"ms\":50,\"id\":1}"
                    + "{\"url\":\"/ping\",\"token\":\"" + token + "\",\"id\":2}\n");
            retry.awaitCall();
            assertEquals(0, client.socket().getInputStream().available(), "nothing is answered before the retry");
            advance(server, Duration.ofMillis(50));
            retry.awaitCall();
            assertEquals(Map.of("code", 200L, "id", 1L, "calls", 2L), client.readResponse());
            assertEquals(Map.of("code", 200L, "id", 2L, "pong", true), client.readResponse());
        }
    }

    @Test
    void aRequestWaitingOnWorkIsAnsweredWhenTheWorkCompletesThoughItsDeadlineNeverComes() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            client.send("{\"url\":\"/await\",\"token\":\"" + token + "\",\"job\":\"a\",\"ms\":60000,\"id\":1}"
                    + "{\"url\":\"/ping\",\"token\":\"" + token + "\",\"id\":2}\n");
            await.awaitCall();
            assertEquals(0, client.socket().getInputStream().available(), "nothing is answered before the work is done");

            // The server's clock never moves: only the completion can wake the sleeping loop.
            await.job("a").complete("done");

            assertEquals(Map.of("code", 200L, "id", 1L, "job", "a", "calls", 2L), client.readResponse());
            assertEquals(Map.of("code", 200L, "id", 2L, "pong", true), client.readResponse());
        }
    }

    @Test
    void aRequestWaitingOnWorkDoneAlreadyIsAnsweredAtOnce() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            await.job("b").complete("done");

            Map<String, Object> answer = client.call("{\"url\":\"/await\",\"token\":\"" + token
                    + "\",\"job\":\"b\",\"ms\":60000}");

            assertEquals(Map.of("code", 200L, "job", "b", "calls", 2L), answer);
            assertEquals(200L, client.call("{\"url\":\"/ping\",\"token\":\"" + token + "\"}").get("code"));
        }
    }

    @Test
    void closeAfterAnswerSendsThatAnswerAndIgnoresWhatFollows() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            client.send("{\"url\":\"/delay\",\"ms\":100,\"close\":true}{\"url\":\"/ping\",\"token\":\"" + token + "\"}\n");
            delay.awaitCall();
            advance(server, Duration.ofMillis(100));
            Map<String, Object> last = client.readResponse();
            assertEquals(401L, last.get("code"));
            assertTrue(client.isClosedByServer());
        }
    }
}
