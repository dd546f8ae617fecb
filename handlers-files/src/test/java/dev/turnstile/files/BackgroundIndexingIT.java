package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.RouteTable;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestHandlers;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as it runs in the server: hashing on its own background thread, the server thread
 * answering {@code retryAfter} meanwhile. These tests need core to honour
 * {@link Response#retryAfter}; until it does (a probe url finds out), they are skipped.
 */
class BackgroundIndexingIT {

    @TempDir
    Path temp;

    private ExecutorService background;
    private SharedFolder folder;
    private TurnstileServer server;
    private TestClient client;
    private String token;

    @BeforeEach
    void start() throws Exception {
        Path root = Files.createDirectories(temp.resolve("share"));
        try (RandomAccessFile big = new RandomAccessFile(root.resolve("big.bin").toFile(), "rw")) {
            big.setLength(256L * 1024 * 1024); // sparse: hashing it still reads 256 MiB
        }
        Files.writeString(root.resolve("small.txt"), "small");
        background = Executors.newSingleThreadExecutor();
        folder = SharedFolder.open(new FolderSettings(root, false, temp.resolve("data/files")), background, background,
                System::nanoTime);
        server = TurnstileServer.start(ServerConfig.defaults().withPort(0).withDataDir(temp.resolve("data")),
                RouteTable.of(new TestHandlers.Login(), new TestHandlers.Ping(), new RetryOnce(),
                        new GetHashesHandler(folder), new GetFileDataHandler(folder)));
        client = TestClient.connect(server.address());
        token = client.login("background");
        Map<String, Object> probe = client.call("{\"url\":\"/retry-once\",\"token\":\"" + token + "\"}");
        assertEquals(200L, probe.get("code"), "the server honours Response.retryAfter: " + probe);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (folder != null) {
            folder.close();
        }
    }

    @Test
    void aPingFromASecondConnectionIsNotHeldUpByALongHash() throws Exception {
        long start = System.nanoTime();
        client.send("{\"url\":\"/get_hashes\",\"token\":\"" + token + "\"}\n");
        // The first client waits for its hashes; the server thread is free: a second client is
        // answered (503, as one client is served at a time) at once.
        try (TestClient other = TestClient.connect(server.address())) {
            Map<String, Object> busy = other.readResponse();
            assertEquals(503L, busy.get("code"));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1000);
        }
        Map<String, Object> hashes = client.readResponse();
        assertEquals(2, ((List<?>) hashes.get("hashes")).size());
    }

    @Test
    void aChunkWaitsForItsFilesHashAndKeepsItsPlaceInTheAnswerOrder() throws Exception {
        client.send("{\"url\":\"/get_file_data\",\"token\":\"" + token + "\",\"path\":\"/big.bin\",\"length\":4,\"id\":1}"
                + "{\"url\":\"/ping\",\"token\":\"" + token + "\",\"id\":2}\n");

        Map<String, Object> chunk = client.readResponse();
        Map<String, Object> pong = client.readResponse();

        assertEquals(1L, chunk.get("id"));
        assertEquals("AAAAAA==", chunk.get("data"));
        assertEquals(64, ((String) chunk.get("sha256")).length());
        assertEquals(2L, pong.get("id"));
    }

    /** Answers retryAfter on the first call of each request, then 200: tells whether core honours it. */
    static final class RetryOnce implements Handler {
        @Override
        public String url() {
            return "/retry-once";
        }

        @Override
        public Response handle(Request request, Session session) {
            if (session.attributes().remove("retried") == null) {
                session.attributes().put("retried", true);
                return Response.retryAfter(Duration.ofMillis(5));
            }
            return Response.ok();
        }
    }
}
