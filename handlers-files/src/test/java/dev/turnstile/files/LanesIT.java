package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.testing.ManualExecutor;
import dev.turnstile.testing.TurnstileServerExtension;
import dev.turnstile.testing.TurnstileTestClient;
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
 * The plugin in a real server, each of its lanes on a manual executor: while the start-up scan of
 * the whole tree is held, a client's chunk and commit are answered as soon as the short lane runs,
 * and its {@code /get_hashes} waits for the index to be ready.
 */
class LanesIT {

    private final ManualExecutor walk = new ManualExecutor();
    private final ManualExecutor shortJobs = new ManualExecutor();
    private final ManualExecutor large = new ManualExecutor();

    @TempDir
    Path home;

    @RegisterExtension
    final TurnstileServerExtension turnstile = TurnstileServerExtension.serving(new FilesPlugin(walk, shortJobs, large))
            .withSetting("files-writable", "true").withConfig(config -> config.withHome(home));

    @BeforeEach
    void fillTheShare() throws Exception {
        Files.writeString(Files.createDirectories(home.resolve("share")).resolve("a.txt"), "aaa");
    }

    @Test
    void whileTheStartUpScanIsHeldAChunkAndACommitAreAnsweredAndTheHashesWaitForIt(TurnstileTestClient client)
            throws Exception {
        assertEquals(1, walk.pending(), "the start-up walk is held");

        client.write(line(client, "/get_file_data", "\"path\":\"/a.txt\""));
        assertEquals("YWFh", answer(client).get("data"));

        Map<String, Object> begun = client.call("/upload_begin", Map.of("path", "/b.txt", "size", 1,
                "sha256", Sha256.ofText("b")));
        client.call("/upload_chunk", Map.of("upload", begun.get("upload"), "offset", 0, "data", "Yg=="));
        assertEquals(2, shortJobs.runAll(),
                "the last chunk began the upload's seal: its attributes, then the digest's last step and force"
                        + " (the flush lane is the short one here)");
        client.write(line(client, "/upload_commit", "\"upload\":\"" + begun.get("upload") + "\""));
        assertEquals(Sha256.ofText("b"), answer(client).get("sha256"));

        client.write(line(client, "/get_hashes", ""));
        assertFalse(client.hasAnswerWaiting(), "the listing waits for the index, which waits for the scan");
        // The scan leaves /a.txt, written a moment before, to the quiet period: the index is ready
        // after its batch, which the server's timer queues on the walk lane; then the answer's job
        // is queued on the short one.
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!client.hasAnswerWaiting() && System.nanoTime() - giveUp < 0) {
            if (walk.runAll() + shortJobs.runAll() == 0) {
                Thread.yield();
            }
        }
        assertEquals(2, ((List<?>) TurnstileTestClient.parse(client.readLine()).get("hashes")).size());
    }

    private static String line(TurnstileTestClient client, String url, String members) {
        return "{\"url\":\"" + url + "\",\"token\":\"" + client.token() + "\"" + (members.isEmpty() ? "" : "," + members)
                + "}\n";
    }

    /** Runs the short job the request queued and reads its answer. */
    private Map<String, Object> answer(TurnstileTestClient client) throws Exception {
        shortJobs.awaitPending(1, Duration.ofSeconds(10));
        shortJobs.runAll();
        Map<String, Object> answer = TurnstileTestClient.parse(client.readLine());
        assertEquals(200L, answer.get("code"), answer.toString());
        return answer;
    }
}
