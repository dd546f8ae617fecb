package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.testing.Answers;
import dev.turnstile.testing.ManualExecutor;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short jobs never wait behind a walk of the whole tree, nor behind the hash of a large file: each
 * lane runs on a manual executor of its own, and a test holds one lane while it runs another.
 */
class LanesTest {

    @TempDir
    Path temp;

    private final ManualExecutor walk = new ManualExecutor();
    private final ManualExecutor shortJobs = new ManualExecutor();
    private final ManualExecutor large = new ManualExecutor();
    private final ManualExecutor flush = new ManualExecutor();
    private TestFolder share;

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, temp.resolve("data"), true, Lanes.on(walk, shortJobs, large, flush));
        share.write("/a.txt", "aaa");
        share.folder.start();
    }

    @AfterEach
    void close() {
        share.close();
    }

    @Test
    void whileTheStartUpScanIsHeldAChunkACommitAndADeleteAreAnsweredAndAListingWaitsForIt() throws Exception {
        assertEquals(1, walk.pending(), "the start-up scan is held");

        Response chunk = share.call("/get_file_data", "path", "/a.txt");
        String id = (String) share.ok("/upload_begin", "path", "/b.txt", "size", 1L, "sha256",
                TestFolder.sha256("b")).get("upload");
        share.ok("/upload_chunk", "upload", id, "offset", 0L, "data", "Yg==");
        Response commit = share.call("/upload_commit", "upload", id);
        Response delete = share.call("/delete_file", "path", "/a.txt", "sha256", TestFolder.sha256("aaa"));
        Response page = share.call("/list_files");
        flush.runAll();
        shortJobs.runAll();

        assertEquals("YWFh", Answers.of(chunk).body().get("data"));
        assertEquals(TestFolder.sha256("b"), Answers.of(commit).body().get("sha256"));
        assertEquals(true, Answers.of(delete).body().get("deleted"));
        assertFalse(Answers.ready(page), "a listing waits for the index to be ready");
        assertEquals(1, walk.pending(), "the scan is still held");

        walk.runAll();
        shortJobs.runAll();

        assertEquals(List.of("/b.txt"), ((List<?>) Answers.of(page).body().get("files")).stream()
                .map(file -> ((Map<?, ?>) file).get("path")).toList());
    }

    @Test
    void getHashesWaitsForTheStartUpScanThenRunsOnTheShortLane() throws Exception {
        Response hashes = share.call("/get_hashes");
        shortJobs.runAll();
        assertFalse(Answers.ready(hashes));

        assertEquals(1, walk.runAll());
        assertFalse(Answers.ready(hashes));
        assertEquals(1, shortJobs.runAll());

        assertEquals(List.of("/a.txt"), ConfinementTest.paths(Answers.of(hashes).body()));
    }

    @Test
    void theHashOfALargeFileRunsOnItsOwnLaneAndACommitIsAnsweredMeanwhile() throws Exception {
        try (RandomAccessFile big = new RandomAccessFile(share.root.resolve("big.bin").toFile(), "rw")) {
            big.setLength(Lanes.LARGE_BYTES);
        }
        Response chunk = share.call("/get_file_data", "path", "/big.bin", "length", 4L);
        shortJobs.runAll();
        assertEquals(1, large.pending(), "the short job handed the hash to the large lane");

        String id = (String) share.ok("/upload_begin", "path", "/b.txt", "size", 1L, "sha256",
                TestFolder.sha256("b")).get("upload");
        share.ok("/upload_chunk", "upload", id, "offset", 0L, "data", "Yg==");
        Response commit = share.call("/upload_commit", "upload", id);
        flush.runAll();
        shortJobs.runAll();
        assertTrue(Answers.ready(commit), "the commit did not wait for the large hash");
        assertFalse(Answers.ready(chunk));

        large.runAll();

        assertEquals("AAAAAA==", Answers.of(chunk).body().get("data"));
    }

    @Test
    void aLargeUploadIsSealedOnTheFlushLaneAsItsLastChunkArrivesAndItsCommitWaitsForThat() throws Exception {
        byte[] content = new byte[(int) Lanes.LARGE_BYTES];
        content[5] = 5;
        String id = (String) share.ok("/upload_begin", "path", "/big.bin", "size", (long) content.length, "sha256",
                Sha256.ofBytes(content)).get("upload");
        int half = content.length / 2;
        share.ok(new Request(Map.of("url", "/upload_chunk", "upload", id, "offset", 0L), ByteBuffer.wrap(content, 0, half)));
        share.ok(new Request(Map.of("url", "/upload_chunk", "upload", id, "offset", (long) half),
                ByteBuffer.wrap(content, half, half)));

        assertEquals(1, flush.pending(), "the last chunk began its seal");

        Response commit = share.call("/upload_commit", "upload", id);
        shortJobs.runAll();
        assertFalse(Answers.ready(commit), "the commit waits for the seal");
        flush.runAll();
        shortJobs.runAll();

        assertEquals((long) content.length, Answers.of(commit).body().get("size"));
        assertEquals(0, large.pending(), "nothing read the upload again");
    }
}
