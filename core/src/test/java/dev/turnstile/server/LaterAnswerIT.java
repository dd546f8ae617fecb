package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.spi.Response;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestHandlers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Response.later}, the server's timer and {@code closeAfterAnswer} over real sockets: in
 * order, never blocking, woken from any thread. {@link TlsLaterAnswerIT} runs the same over TLS.
 */
class LaterAnswerIT {

    @TempDir
    Path dataDir;

    ServerConfig transport(ServerConfig config) {
        return config;
    }

    TestClient connect(TurnstileServer server) throws IOException {
        return TestClient.connect(server.address());
    }

    /** The server's clock: a timer fires only when a test moves it. */
    final ManualClock clock = new ManualClock();
    private final TestHandlers.Delays delays = new TestHandlers.Delays();
    private final TestHandlers.Later later = new TestHandlers.Later();

    private TurnstileServer start() throws Exception {
        return start(ServerConfig.defaults());
    }

    private TurnstileServer start(ServerConfig base) throws Exception {
        List<LoadedPlugin> plugins = new ArrayList<>(LoadedPlugin.handlers(new TestHandlers.Login(),
                new TestHandlers.Ping(), later));
        plugins.add(LoadedPlugin.of(delays));
        return TurnstileServer.start(transport(base).withPort(0).withDataDir(dataDir), plugins, clock);
    }

    /** Moves the server's clock and makes it look. */
    private void advance(TurnstileServer server, Duration by) {
        clock.advance(by);
        server.wakeUp();
    }

    private static String ping(String token, int id) {
        return "{\"url\":\"/ping\",\"token\":\"" + token + "\",\"id\":" + id + "}";
    }

    @Test
    void aDelayedAnswerDoesNotStopTheServerFromRejectingASecondClient() throws Exception {
        try (TurnstileServer server = start(); TestClient first = connect(server)) {
            String token = first.login("first");
            first.send("{\"url\":\"/delay\",\"ms\":3000}\n");
            try (TestClient second = connect(server)) {
                assertEquals(503L, second.readResponse().get("code"));
                assertNull(second.readLine());
            }
            delays.delay().awaitCall();
            // The clock has not moved, so the delayed answer cannot have been sent, however slow the machine.
            assertEquals(0, first.socket().getInputStream().available(),
                    "the delayed answer arrived before its timer fired");
            advance(server, Duration.ofMillis(3000));
            assertEquals(401L, first.readResponse().get("code"));
            assertEquals(200L, first.call(ping(token, 1)).get("code"));
        }
    }

    @Test
    void pipelinedRequestsBehindALaterAnswerComeBackAfterItInOrder() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            client.send(ping(token, 1) + "{\"url\":\"/delay\",\"ms\":300,\"id\":2}" + ping(token, 3) + ping(token, 4) + "\n");
            assertEquals(1L, client.readResponse().get("id"));
            delays.delay().awaitCall();
            advance(server, Duration.ofMillis(300));
            for (long id = 2; id <= 4; id++) {
                Map<String, Object> response = client.readResponse();
                assertEquals(id, response.get("id"));
                assertEquals(id == 2 ? 401L : 200L, response.get("code"));
            }
            assertEquals(200L, client.call(ping(token, 5)).get("code"));
        }
    }

    @Test
    void aCompletionOnAnotherThreadWakesTheSleepingLoopThoughTheClockNeverMoves() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            client.send("{\"url\":\"/later\",\"token\":\"" + token + "\",\"job\":\"a\",\"id\":1}" + ping(token, 2) + "\n");
            later.awaitCall();
            assertEquals(0, client.socket().getInputStream().available(), "nothing is answered before the stage completes");

            // The test's thread completes it; the loop sleeps without a deadline until it is woken.
            later.job("a").complete(Response.ok("job", "a"));

            assertEquals(Map.of("code", 200L, "id", 1L, "job", "a"), client.readResponse());
            assertEquals(Map.of("code", 200L, "id", 2L, "pong", true), client.readResponse());
            assertEquals(1, later.calls(), "the handler ran once");
        }
    }

    @Test
    void aStageCompletedAlreadyIsAnsweredAtOnce() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            later.job("b").complete(Response.ok("job", "b"));

            Map<String, Object> answer = client.call("{\"url\":\"/later\",\"token\":\"" + token + "\",\"job\":\"b\"}");

            assertEquals(Map.of("code", 200L, "job", "b"), answer);
            assertEquals(200L, client.call(ping(token, 1)).get("code"));
        }
    }

    @Test
    void closeAfterAnswerSendsTheLaterAnswerAndIgnoresWhatFollows() throws Exception {
        try (TurnstileServer server = start(); TestClient client = connect(server)) {
            String token = client.login("box");
            client.send("{\"url\":\"/delay\",\"ms\":100,\"close\":true}" + ping(token, 1) + "\n");
            delays.delay().awaitCall();
            advance(server, Duration.ofMillis(100));
            Map<String, Object> last = client.readResponse();
            assertEquals(401L, last.get("code"));
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void aCompletionAfterItsClientHasGoneIsHarmlessAndTheNextClientIsServed() throws Exception {
        // With busy=queue the next client waits in the backlog until the server has closed the first.
        try (TurnstileServer server = start(ServerConfig.defaults().withBusy(BusyPolicy.QUEUE))) {
            try (TestClient gone = connect(server)) {
                String token = gone.login("gone");
                gone.send("{\"url\":\"/later\",\"token\":\"" + token + "\",\"job\":\"a\"}" + ping(token, 1) + "\n");
                later.awaitCall();
            }

            later.job("a").complete(Response.ok("late", true));

            try (TestClient next = connect(server)) {
                String token = next.login("next");
                assertEquals(Map.of("code", 200L, "id", 2L, "pong", true), next.call(ping(token, 2)));
            }
        }
    }

    @Test
    void whenTheServerStopsTheTimersFireAtOnceSoADelayedAnswerIsGivenNotLost() throws Exception {
        TurnstileServer server = start();
        try (TestClient client = connect(server)) {
            client.login("box");
            client.send("{\"url\":\"/delay\",\"ms\":60000,\"id\":1}\n");
            delays.delay().awaitCall();

            server.close();

            assertEquals(Map.of("code", 401L, "id", 1L, "error", "held for 60000 ms"), client.readResponse());
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void aLaterAnswerPendingWhenTheServerStopsIsAnswered503WithItsId() throws Exception {
        TurnstileServer server = start();
        try (TestClient client = connect(server)) {
            String token = client.login("box");
            client.send("{\"url\":\"/later\",\"token\":\"" + token + "\",\"job\":\"a\",\"id\":1}\n");
            later.awaitCall();

            server.close();

            assertEquals(Map.of("code", 503L, "id", 1L, "error", "the server is stopping before this answer was ready"),
                    client.readResponse());
            assertTrue(client.isClosedByServer());
        }
    }
}
