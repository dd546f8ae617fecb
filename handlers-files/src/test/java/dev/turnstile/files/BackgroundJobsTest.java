package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.Response;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow work waits for the background thread: the handler answers retryWhen on the job instead of
 * blocking, and the server's next call with the same request, once the job is done, gets the answer. The background thread here is
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
    void aRunningJobIsWaitedForByItsCompletionWithASecondAsTheSafetyNet() throws Exception {
        String id = (String) share.ok("/upload_begin", "path", "/b.txt", "size", 1L, "sha256",
                TestFolder.sha256("b")).get("upload");
        share.ok("/upload_chunk", "upload", id, "offset", 0L, "data", "Yg==");

        Response first = share.call("/upload_commit", "upload", id);
        Response second = share.call("/upload_commit", "upload", id);
        assertEquals(1_000_000_000L, first.retryNanos());
        CompletionStage<?> job = first.retryWork();
        assertFalse(job.toCompletableFuture().isDone());
        assertSame(job, second.retryWork(), "a call before the job is done waits for the same job");
        assertEquals(1, background.waiting());

        background.runAll();

        assertTrue(job.toCompletableFuture().isDone(), "so the server calls again now");
        assertEquals(TestFolder.sha256("b"), share.ok("/upload_commit", "upload", id).get("sha256"));
    }

    @Test
    void aChunkWaitingForItsHashWaitsForTheHashingJob() throws Exception {
        Response retry = share.call("/get_file_data", "path", "/a.txt");
        assertEquals(1_000_000_000L, retry.retryNanos());
        assertFalse(retry.retryWork().toCompletableFuture().isDone());

        background.runAll();

        assertTrue(retry.retryWork().toCompletableFuture().isDone());
        assertEquals(TestFolder.sha256("aaa"), share.ok("/get_file_data", "path", "/a.txt").get("sha256"));
    }
}
