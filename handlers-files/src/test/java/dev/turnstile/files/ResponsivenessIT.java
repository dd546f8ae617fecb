package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.RouteTable;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code /ping} queued behind a listing page of a large tree is answered quickly: a page is at
 * most 1000 files, whatever the tree's size. The jobs run on the server thread here (a direct
 * executor) with the hashes already cached, so what is timed is exactly the page's own work on
 * the server thread: the bound the paging gives.
 */
class ResponsivenessIT {

    private static final int FILES = 4000;
    /** Generous for a shared 2-core CI box; a page takes a few tens of ms on a laptop. */
    private static final long BOUND_MILLIS = 1500;

    @TempDir
    Path temp;

    @Test
    void aPingPipelinedBehindAListingPageOfAThousandsOfFilesTreeIsAnsweredWithinTheBound() throws Exception {
        Path root = Files.createDirectories(temp.resolve("share"));
        for (int i = 0; i < FILES; i++) {
            Path folder = Files.createDirectories(root.resolve("d" + (i % 60)));
            Files.writeString(folder.resolve("f" + i + ".txt"), "file " + i);
        }
        try (SharedFolder folder = SharedFolder.open(new FolderSettings(root, false, temp.resolve("data/files")),
                Runnable::run, null, System::nanoTime)) {
            assertEquals(FILES, folder.indexer().indexAll().size());
            try (TurnstileServer server = TurnstileServer.start(ServerConfig.defaults().withPort(0).withDataDir(temp.resolve("data")),
                    RouteTable.of(new TestHandlers.Login(), new TestHandlers.Ping(), new ListFilesHandler(folder),
                            new GetHashesHandler(folder)));
                    TestClient client = TestClient.connect(server.address())) {
                String token = client.login("responsive");
                String list = "{\"url\":\"/list_files\",\"token\":\"" + token + "\",\"after\":\"/d3/f3\"}";
                String ping = "{\"url\":\"/ping\",\"token\":\"" + token + "\"}";
                client.call(list); // warm the JIT once, as a long-running server is

                long start = System.nanoTime();
                client.send(list + ping + "\n");
                Map<String, Object> page = client.readResponse();
                Map<String, Object> pong = client.readResponse();
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                assertEquals(1000, ((List<?>) page.get("files")).size());
                assertEquals(true, pong.get("pong"));
                assertTrue(millis < BOUND_MILLIS, "the ping waited " + millis + " ms behind one listing page");
                assertEquals(FILES, ((List<?>) client.call("{\"url\":\"/get_hashes\",\"token\":\"" + token + "\"}")
                        .get("hashes")).size());
            }
        }
    }
}
