package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.Response;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow work waits for the background thread: the handler answers retryAfter instead of blocking,
 * and the server's next call with the same request gets the answer. The background thread here is
 * run by hand, so every step is deterministic.
 */
class BackgroundJobsTest {

    @TempDir
    Path temp;

    private final ManualExecutor background = new ManualExecutor();
    private TestFolder share;

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, true, background);
        share.write("/a.txt", "aaa");
    }

    @AfterEach
    void close() {
        share.close();
    }

    @Test
    void getHashesAnswersRetryUntilTheWalkIsDoneThenTheListing() throws Exception {
        Response first = share.call("/get_hashes");
        Response second = share.call("/get_hashes");

        assertTrue(first.isRetry());
        assertTrue(second.isRetry());
        assertEquals(1, background.waiting(), "polling does not start the walk again");
        background.runAll();
        assertEquals(List.of("/a.txt"), ConfinementTest.paths(share.ok("/get_hashes")));
    }

    @Test
    void aChunkOfAFileNotYetHashedWaitsForItsHashThenComesFromTheCache() throws Exception {
        assertTrue(share.call("/get_file_data", "path", "/a.txt").isRetry());
        assertTrue(share.call("/get_file_data", "path", "/a.txt").isRetry());

        assertEquals(1, background.runAll());
        assertEquals(TestFolder.sha256("aaa"), share.ok("/get_file_data", "path", "/a.txt").get("sha256"));
        assertEquals(0, background.waiting());
        assertEquals(1, share.folder.indexer().filesHashed());
    }

    @Test
    void aListingPageIsBuiltInTheBackground() throws Exception {
        assertTrue(share.call("/list_files").isRetry());

        background.runAll();

        assertEquals(1, ((List<?>) share.ok("/list_files").get("files")).size());
    }

    @Test
    void aCommitIsVerifiedInTheBackgroundAndChunksMeanwhileAre409() throws Exception {
        String id = (String) share.ok("/upload_begin", "path", "/b.txt", "size", 1L, "sha256",
                TestFolder.sha256("b")).get("upload");
        share.ok("/upload_chunk", "upload", id, "offset", 0L, "data", "Yg==");

        assertTrue(share.call("/upload_commit", "upload", id).isRetry());
        assertEquals(409, org.junit.jupiter.api.Assertions.assertThrows(dev.turnstile.spi.HandlerException.class,
                () -> share.call("/upload_chunk", "upload", id, "offset", 0L, "data", "Yg==")).code());
        background.runAll();

        assertEquals(TestFolder.sha256("b"), share.ok("/upload_commit", "upload", id).get("sha256"));
    }

    @Test
    void aJobIsPolledEveryMillisecondAtFirstThenEveryTenOnceItRunsLong() throws Exception {
        String id = (String) share.ok("/upload_begin", "path", "/b.txt", "size", 1L, "sha256",
                TestFolder.sha256("b")).get("upload");
        share.ok("/upload_chunk", "upload", id, "offset", 0L, "data", "Yg==");

        for (int poll = 1; poll <= FolderHandler.FAST_POLLS; poll++) {
            assertEquals(1_000_000L, share.call("/upload_commit", "upload", id).retryNanos(), "poll " + poll);
        }
        assertEquals(10_000_000L, share.call("/upload_commit", "upload", id).retryNanos());
        assertEquals(10_000_000L, share.call("/upload_commit", "upload", id).retryNanos());
        background.runAll();

        assertEquals(TestFolder.sha256("b"), share.ok("/upload_commit", "upload", id).get("sha256"));
        assertEquals(1_000_000L, share.call("/list_files").retryNanos(), "the next job starts fast again");
    }
}
