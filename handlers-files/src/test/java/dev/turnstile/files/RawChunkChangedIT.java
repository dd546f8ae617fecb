package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.testing.ManualExecutor;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestHandlers;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A raw chunk's line describes the file when it was opened; its bytes are read from the file later,
 * when the connection can take them. Here the client reads nothing while 24 MiB of earlier chunks
 * wait ahead of a small file's chunk; the plugin answers it (its job runs on a manual executor), the
 * file is rewritten in place, and only then does the client read: the bytes that arrive are the new
 * ones, and they do not hash to the SHA-256 the line promised, which is what a client's check of the
 * whole file catches.
 */
class RawChunkChangedIT {

    @TempDir
    Path temp;

    @Test
    void aFileRewrittenBetweenAChunksLineAndItsBytesFailsTheWholeFileCheck() throws Exception {
        Path share = Files.createDirectories(temp.resolve("share"));
        byte[] big = new byte[3 * GetFileDataHandler.MAX_RAW_LENGTH];
        Files.write(share.resolve("big.bin"), big);
        byte[] small = new byte[5000];
        new Random(8).nextBytes(small);
        Files.write(share.resolve("small.bin"), small);
        // Each request's job waits on the short lane until the test runs it; walks and large hashes
        // run at once, on the thread that asks.
        ManualExecutor shortJobs = new ManualExecutor();
        List<LoadedPlugin> plugins = new ArrayList<>(LoadedPlugin.handlers(new TestHandlers.Login()));
        plugins.add(LoadedPlugin.of(new FilesPlugin(Runnable::run, shortJobs, Runnable::run)));
        try (TurnstileServer server = TurnstileServer.start(ServerConfig.defaults().withPort(0)
                .withDataDir(temp.resolve("data")).withMaxPendingBytes(64 * 1024 * 1024)
                .withSetting("files-root", share.toString()), plugins);
                TestClient client = TestClient.connect(server.address())) {
            String token = client.login("changed-it");
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                requests.append("{\"url\":\"/get_file_data\",\"token\":\"").append(token).append("\",\"path\":\"/big.bin\","
                        + "\"encoding\":\"raw\",\"offset\":").append((long) i * GetFileDataHandler.MAX_RAW_LENGTH).append("}\n");
            }
            requests.append("{\"url\":\"/get_file_data\",\"token\":\"").append(token)
                    .append("\",\"path\":\"/small.bin\",\"encoding\":\"raw\"}\n");
            client.send(requests.toString());
            for (int answered = 0; answered < 4; answered++) {
                shortJobs.awaitPending(1, Duration.ofSeconds(10));
                shortJobs.runNext();
            }

            byte[] edited = small.clone();
            edited[100] ^= 1;
            try (RandomAccessFile file = new RandomAccessFile(share.resolve("small.bin").toFile(), "rw")) {
                file.write(edited);
            }
            for (int i = 0; i < 3; i++) {
                Map<String, Object> chunk = client.readResponse();
                client.readBytes(((Long) chunk.get("attachment")).intValue());
            }
            Map<String, Object> header = client.readResponse();
            byte[] bytes = client.readBytes(((Long) header.get("attachment")).intValue());

            assertEquals(Sha256.ofBytes(small), header.get("sha256"), "the line describes the file as it was opened");
            assertArrayEquals(edited, bytes, "the bytes are read when they are sent");
            assertNotEquals(header.get("sha256"), Sha256.ofBytes(bytes));
            assertEquals(false, Arrays.equals(small, bytes));
        }
    }
}
