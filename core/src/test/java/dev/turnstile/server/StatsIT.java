package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /stats} counting real traffic over real sockets, with a clock the test moves for the uptime. */
class StatsIT {

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();

    /** A plugin that counts what it was asked, as the files plugin reports its folder. */
    static final class Counting implements Plugin {
        int asked;

        @Override
        public List<Handler> start(PluginContext context) {
            return List.of(new TestHandlers.Ping());
        }

        @Override
        public Map<String, ?> stats() {
            asked++;
            return Map.of("asked", asked, "folder", "share");
        }
    }

    /** A plugin whose report fails. */
    static final class Broken implements Plugin {
        @Override
        public List<Handler> start(PluginContext context) {
            return List.of(new TestHandlers.Echo());
        }

        @Override
        public Map<String, ?> stats() {
            throw new IllegalStateException("no stats today");
        }
    }

    /** A plugin whose report JSON cannot express. */
    static final class Unwritable implements Plugin {
        @Override
        public List<Handler> start(PluginContext context) {
            return List.of(new TestHandlers.Fail());
        }

        @Override
        public Map<String, ?> stats() {
            return Map.of("ratio", Double.NaN);
        }
    }

    private TurnstileServer start() throws Exception {
        return TurnstileServer.start(ServerConfig.defaults().withPort(0).withDataDir(dataDir),
                List.of(LoadedPlugin.ofHandler(new TestHandlers.Login(), "login.jar"), LoadedPlugin.of(new Counting()),
                        LoadedPlugin.of(new Broken()), LoadedPlugin.of(new Unwritable())), clock);
    }

    /** Sends a line and reads its answer, adding both to the byte counts. */
    private static Map<String, Object> call(TestClient client, String request, long[] inOut) throws Exception {
        String line = request + "\n";
        client.send(line);
        inOut[0] += line.getBytes(StandardCharsets.UTF_8).length;
        String answer = client.readLine();
        inOut[1] += answer.getBytes(StandardCharsets.UTF_8).length + 1;
        return TestClient.parse(answer);
    }

    @Test
    @SuppressWarnings("unchecked")
    void statsCountConnectionsAnswersByUrlAndCodeBytesAndUptimeAndCarryEachPluginsReport() throws Exception {
        try (TurnstileServer server = start(); TestClient client = TestClient.connect(server.address())) {
            long[] inOut = new long[2];
            assertEquals(401L, call(client, "{\"url\":\"/ping\"}", inOut).get("code"));
            String token = (String) call(client, "{\"url\":\"/login\"}", inOut).get("token");
            for (int i = 0; i < 3; i++) {
                assertEquals(200L, call(client, "{\"url\":\"/ping\",\"token\":\"" + token + "\"}", inOut).get("code"));
            }
            assertEquals(400L, call(client, "{\"url\":\"/nope\",\"token\":\"" + token + "\"}", inOut).get("code"));
            assertEquals(400L, call(client, "not json", inOut).get("code"));
            assertEquals(500L, call(client, "{\"url\":\"/fail\",\"token\":\"" + token + "\"}", inOut).get("code"));
            try (TestClient second = TestClient.connect(server.address())) {
                assertEquals(503L, second.readResponse().get("code"));
            }
            clock.advance(Duration.ofSeconds(90));
            String stats = "{\"url\":\"/stats\",\"token\":\"" + token + "\"}\n";
            inOut[0] += stats.length();

            client.send(stats);
            Map<String, Object> answer = client.readResponse();

            assertEquals(200L, answer.get("code"));
            assertEquals(90L, answer.get("uptime_seconds"));
            Instant.parse((String) answer.get("started"));
            assertTrue(answer.get("version") instanceof String);
            assertEquals(Map.of("accepted", 1L, "refused_busy", 1L), answer.get("connections"));
            Map<String, Object> requests = (Map<String, Object>) answer.get("requests");
            assertEquals(Map.of("/fail", Map.of("500", 1L), "/login", Map.of("200", 1L),
                    "/ping", Map.of("200", 3L, "401", 1L), "other", Map.of("400", 2L)), requests.get("by_url"));
            assertEquals(8L, requests.get("total"), "the /stats being answered is not counted yet");
            assertEquals(4L, requests.get("errors"));
            assertEquals(Map.of("in", inOut[0], "out", inOut[1]), answer.get("bytes"));
            Map<String, Object> plugins = (Map<String, Object>) answer.get("plugins");
            assertEquals(List.of(Counting.class.getName(), Broken.class.getName(), Unwritable.class.getName()),
                    new ArrayList<>(plugins.keySet()), "in the order they started; the login, reporting nothing, left out");
            assertEquals(Map.of("asked", 1L, "folder", "share"), plugins.get(Counting.class.getName()));
            Map<String, Object> failed = Map.of("error", "the plugin failed to report; the server log has the details");
            assertEquals(failed, plugins.get(Broken.class.getName()));
            assertEquals(failed, plugins.get(Unwritable.class.getName()));

            Map<String, Object> again = client.call(stats.strip());
            Map<String, Object> counted = (Map<String, Object>) ((Map<String, Object>) again.get("requests")).get("by_url");
            assertEquals(Map.of("200", 1L), counted.get("/stats"));
            assertEquals(Map.of("asked", 2L, "folder", "share"),
                    ((Map<String, Object>) again.get("plugins")).get(Counting.class.getName()));
        }
    }

    @Test
    void statsNeedTheToken() throws Exception {
        try (TurnstileServer server = start(); TestClient client = TestClient.connect(server.address())) {
            Map<String, Object> answer = client.call("{\"url\":\"/stats\"}");

            assertEquals(401L, answer.get("code"));
            assertFalse(answer.containsKey("connections"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void countersStartAtZeroWithEachServer() throws Exception {
        for (int run = 0; run < 2; run++) {
            try (TurnstileServer server = start(); TestClient client = TestClient.connect(server.address())) {
                String token = client.login("box");
                Map<String, Object> answer = client.call("{\"url\":\"/stats\",\"token\":\"" + token + "\"}");
                assertEquals(Map.of("accepted", 1L, "refused_busy", 0L), answer.get("connections"));
                assertEquals(1L, ((Map<String, Object>) answer.get("requests")).get("total"));
            }
        }
    }
}
