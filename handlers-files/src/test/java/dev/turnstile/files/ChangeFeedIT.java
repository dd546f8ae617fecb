package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change feed in a real server with the platform's watcher and the plugin's own threads: a file
 * written into the shared folder while a client long-polls {@code /changes} is that poll's answer;
 * what the client pipelined behind the poll is answered after it, in order; a server that stops
 * answers a held poll at once.
 */
@Timeout(60)
class ChangeFeedIT {

    @TempDir
    Path temp;

    private TurnstileServer server;
    private TestClient client;
    private String token;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(temp.resolve("share"));
        List<LoadedPlugin> plugins = new ArrayList<>(LoadedPlugin.handlers(new TestHandlers.Login(),
                new TestHandlers.Ping()));
        plugins.add(LoadedPlugin.of(new FilesPlugin()));
        server = TurnstileServer.start(ServerConfig.defaults().withPort(0).withDataDir(temp.resolve("data"))
                .withSetting("files-root", temp.resolve("share").toString()), plugins);
        client = TestClient.connect(server.address());
        token = client.login("feed-it");
        // The index is ready once a listing is answered.
        client.call("{\"url\":\"/list_files\",\"token\":\"" + token + "\"}");
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private String changes(long since, long wait) {
        return "{\"url\":\"/changes\",\"token\":\"" + token + "\",\"since\":" + since + ",\"wait\":" + wait + "}";
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("changes");
    }

    @Test
    void aFileWrittenWhileAClientWaitsIsTheAnswerToItsPoll() throws Exception {
        long seq = (Long) client.call(changes(0, 0)).get("seq");
        client.send(changes(seq, 30_000));

        Files.writeString(temp.resolve("share/news.txt"), "news");

        Map<String, Object> answer = client.readResponse();
        assertEquals(200L, answer.get("code"));
        List<Map<String, Object>> changed = entries(answer);
        assertEquals("/news.txt", changed.get(0).get("path"));
        assertEquals(TestFolder.sha256("news"), changed.get(0).get("sha256"));
    }

    @Test
    void aFileInAFolderMadeWhileTheServerRunsIsNumberedWithTheFolder() throws Exception {
        Files.createDirectories(temp.resolve("share/new"));
        Files.writeString(temp.resolve("share/new/ñew.txt"), "added");

        List<Object> paths = new ArrayList<>();
        long since = 0;
        while (!paths.contains("/new/ñew.txt")) {
            Map<String, Object> answer = client.call("{\"url\":\"/changes\",\"token\":\"" + token + "\",\"since\":"
                    + since + ",\"wait\":10000,\"folders\":true}");
            assertFalse(entries(answer).isEmpty(), "numbered so far: " + paths);
            for (Map<String, Object> entry : entries(answer)) {
                paths.add(entry.get("path"));
                since = (Long) entry.get("seq");
            }
        }
        assertEquals(List.of("/new", "/new/ñew.txt"), paths);
    }

    @Test
    void whatIsPipelinedBehindAHeldPollIsAnsweredAfterItInOrder() throws Exception {
        client.send(changes(0, 30_000) + "{\"url\":\"/ping\",\"token\":\"" + token + "\",\"id\":2}");
        assertFalse(client.socket().getInputStream().available() > 0, "the poll is held, and the ping behind it");

        Files.writeString(temp.resolve("share/a.txt"), "a");

        assertEquals("/a.txt", entries(client.readResponse()).get(0).get("path"));
        Map<String, Object> ping = client.readResponse();
        assertEquals(2L, ping.get("id"));
        assertEquals(200L, ping.get("code"));
    }

    @Test
    void aServerThatStopsAnswersAHeldPollAtOnce() throws Exception {
        client.send(changes(0, 60_000));

        server.close();

        Map<String, Object> answer = client.readResponse();
        assertEquals(200L, answer.get("code"));
        assertEquals(List.of(), entries(answer));
        server = null;
    }
}
