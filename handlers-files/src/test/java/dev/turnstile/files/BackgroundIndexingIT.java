package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.turnstile.testing.ManualExecutor;
import dev.turnstile.testing.TurnstileServerExtension;
import dev.turnstile.testing.TurnstileTestClient;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plugin as it runs in the server, its background work held on the testing kit's manual
 * executor: while a job is held, the server thread answers other clients, the request waiting for
 * the job keeps its place, and nothing behind it is answered before it; once the job runs, the
 * answers come in order.
 */
class BackgroundIndexingIT {

    private final ManualExecutor background = new ManualExecutor();

    @TempDir
    Path home;

    @RegisterExtension
    final TurnstileServerExtension turnstile = TurnstileServerExtension.serving(new FilesPlugin(background))
            .alsoServing(new Pong()).withConfig(config -> config.withHome(home));

    @BeforeEach
    void fillTheShare() throws Exception {
        Path root = Files.createDirectories(home.resolve("share"));
        try (RandomAccessFile big = new RandomAccessFile(root.resolve("big.bin").toFile(), "rw")) {
            big.setLength(3L * 1024 * 1024);
        }
        Files.writeString(root.resolve("small.txt"), "small");
    }

    @Test
    void aSecondClientIsAnsweredAtOnceWhileTheHashesWaitForTheScan(TurnstileTestClient client) throws Exception {
        assertEquals(1, background.pending(), "the start-up scan is held");
        client.write("{\"url\":\"/get_hashes\",\"token\":\"" + client.token() + "\"}\n");

        try (TurnstileTestClient other = turnstile.connect()) {
            assertEquals(503L, TurnstileTestClient.parse(other.readLine()).get("code"));
        }
        assertFalse(client.hasAnswerWaiting(), "the hashes wait for the index, which waits for the scan");

        background.runAll();
        // The answer's job is queued once the server has read the request and the index is ready.
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!client.hasAnswerWaiting() && System.nanoTime() - giveUp < 0) {
            if (background.runAll() == 0) {
                Thread.yield();
            }
        }

        Map<String, Object> hashes = TurnstileTestClient.parse(client.readLine());
        assertEquals(2, ((List<?>) hashes.get("hashes")).size());
    }

    @Test
    void aChunkWaitsForItsFilesHashAndKeepsItsPlaceInTheAnswerOrder(TurnstileTestClient client) throws Exception {
        String token = client.token();
        client.write("{\"url\":\"/ping\",\"token\":\"" + token + "\",\"id\":1}"
                + "{\"url\":\"/get_file_data\",\"token\":\"" + token + "\",\"path\":\"/big.bin\",\"length\":4,\"id\":2}"
                + "{\"url\":\"/ping\",\"token\":\"" + token + "\",\"id\":3}\n");

        assertEquals(Map.of("code", 200L, "id", 1L, "pong", true), TurnstileTestClient.parse(client.readLine()),
                "the answer before the held one is written");
        background.awaitPending(2, Duration.ofSeconds(10));
        assertFalse(client.hasAnswerWaiting(), "nothing behind the chunk is answered before it");

        background.runAll();

        Map<String, Object> chunk = TurnstileTestClient.parse(client.readLine());
        assertEquals(2L, chunk.get("id"));
        assertEquals("AAAAAA==", chunk.get("data"));
        assertEquals(64, ((String) chunk.get("sha256")).length());
        assertEquals(Map.of("code", 200L, "id", 3L, "pong", true), TurnstileTestClient.parse(client.readLine()));
    }
}
