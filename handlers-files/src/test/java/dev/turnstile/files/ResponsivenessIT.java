package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.turnstile.testing.ManualExecutor;
import dev.turnstile.testing.TurnstileServerExtension;
import dev.turnstile.testing.TurnstileTestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A listing page of a large tree is built on the plugin's background executor, never on the server
 * thread: while the page's job is held (the testing kit's manual executor), the server answers a
 * second client at once, and the {@code /ping} pipelined behind the page waits for it, in order;
 * once the job runs, both come, the page at most 1000 files whatever the tree's size.
 */
class ResponsivenessIT {

    private static final int FILES = 1500;
    private static final ManualExecutor BACKGROUND = new ManualExecutor();

    @TempDir
    static Path home;

    @RegisterExtension
    static final TurnstileServerExtension TURNSTILE = TurnstileServerExtension.serving(new FilesPlugin(BACKGROUND))
            .alsoServing(new Pong()).withConfig(config -> config.withHome(home));

    @BeforeAll
    static void fillTheShareAndIndexIt() throws Exception {
        Path root = Files.createDirectories(home.resolve("share"));
        FileTime minuteAgo = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        for (int i = 0; i < FILES; i++) {
            Path folder = Files.createDirectories(root.resolve("d" + (i % 60)));
            Files.setLastModifiedTime(Files.writeString(folder.resolve("f" + i + ".txt"), "file " + i), minuteAgo);
        }
        BACKGROUND.runAll(); // the start-up scan: the files are quiet, so the index is ready after it
    }

    @Test
    void whileAListingPageIsBuiltTheServerAnswersOthersAndThePingBehindItWaitsItsTurn(TurnstileTestClient client)
            throws Exception {
        String list = "{\"url\":\"/list_files\",\"token\":\"" + client.token() + "\",\"id\":1}";
        String ping = "{\"url\":\"/ping\",\"token\":\"" + client.token() + "\",\"id\":2}";

        client.write(list + ping + "\n");
        BACKGROUND.awaitPending(1, Duration.ofSeconds(10));

        try (TurnstileTestClient other = TURNSTILE.connect()) {
            assertEquals(503L, TurnstileTestClient.parse(other.readLine()).get("code"),
                    "the server thread is free while the page is built");
        }
        assertFalse(client.hasAnswerWaiting(), "the ping waits behind the page");

        BACKGROUND.runAll();

        Map<String, Object> page = TurnstileTestClient.parse(client.readLine());
        assertEquals(1L, page.get("id"));
        assertEquals(1000, ((List<?>) page.get("files")).size());
        assertEquals(Map.of("code", 200L, "id", 2L, "pong", true), TurnstileTestClient.parse(client.readLine()));
    }

    @Test
    void theWholeTreeIsListedPageByPage(TurnstileTestClient client) throws IOException, InterruptedException {
        int listed = 0;
        Object after = null;
        do {
            client.write("{\"url\":\"/list_files\",\"token\":\"" + client.token() + "\""
                    + (after == null ? "" : ",\"after\":\"" + after + "\"") + "}\n");
            BACKGROUND.awaitPending(1, Duration.ofSeconds(10));
            BACKGROUND.runAll();
            Map<String, Object> page = TurnstileTestClient.parse(client.readLine());
            listed += ((List<?>) page.get("files")).size();
            after = page.get("next");
        } while (after != null);

        assertEquals(FILES, listed);
    }
}
