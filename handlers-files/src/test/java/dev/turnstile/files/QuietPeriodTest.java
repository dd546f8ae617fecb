package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.filemodel.IgnoreRules;
import dev.turnstile.testing.ManualExecutor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes the watcher reports wait for the quiet period ({@code files-quiet}) on the server's timer
 * (a manual one here), then are looked at in one batch on the walk lane: a file being written is
 * numbered once its writer has paused that long, never with a hash of a state in between; a file
 * that changes while it is read waits again; a large file is read on the large lane.
 */
class QuietPeriodTest {

    @TempDir
    Path temp;

    private final ManualExecutor walk = new ManualExecutor();
    private final ManualExecutor large = new ManualExecutor();
    private TestFolder share;

    @AfterEach
    void close() {
        if (share != null) {
            share.close();
        }
    }

    /** The test is the watcher: it reports, and the index trusts its hashes until a report. */
    private void open(boolean manualLanes) throws Exception {
        Lanes lanes = manualLanes ? Lanes.on(walk, Runnable::run, large) : Lanes.on(Runnable::run, Runnable::run, Runnable::run);
        share = new TestFolder(temp, temp.resolve("data"), true, lanes, IgnoreRules.none(), FolderSettings.Reports.CALLER);
        share.folder.start();
        walk.runAll();
    }

    private void append(String path, String text) throws IOException {
        Files.writeString(share.root.resolve(path.substring(1)), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void aWriterThatPausesFiftyMillisecondsIsNumberedOnceAfterItsLastWriteWithTheFinalHash() throws Exception {
        open(false);
        long seq = share.folder.index().seq();

        for (String part : List.of("one ", "two ", "three")) {
            append("/log.txt", part);
            share.reported("/log.txt");
            share.timer.advance(Duration.ofMillis(50));
            assertEquals(seq, share.folder.index().seq(), "nothing is numbered while the writer writes");
        }
        share.timer.advance(TestFolder.QUIET.minusMillis(51));
        assertEquals(seq, share.folder.index().seq());
        share.timer.advance(Duration.ofMillis(1));

        assertEquals(seq + 1, share.folder.index().seq(), "numbered once, quiet for the period after the last write");
        assertEquals(TestFolder.sha256("one two three"), share.folder.index().entry("/log.txt").sha256Hex());
    }

    @Test
    void aFileWrittenAMomentAgoIsNotReadAgainPerChunkWhileChangesAreReported() throws Exception {
        open(false);
        share.wallClock.set(System.currentTimeMillis()); // the file changed less than 2 s before its hash: racy
        share.write("/fresh.txt", "fresh");
        assertTrue(share.folder.index().entry("/fresh.txt").racy());
        long hashed = share.folder.hasher().filesHashed();

        for (int i = 0; i < 3; i++) {
            assertEquals(TestFolder.sha256("fresh"), share.ok("/get_file_data", "path", "/fresh.txt").get("sha256"));
        }

        assertEquals(hashed, share.folder.hasher().filesHashed(), "the watcher would report a later write");
    }

    @Test
    void withoutReportsARacyHashIsReadAgainAtEachChunk() throws Exception {
        share = new TestFolder(temp, true);
        share.wallClock.set(System.currentTimeMillis());
        share.write("/fresh.txt", "fresh");
        long hashed = share.folder.hasher().filesHashed();

        share.ok("/get_file_data", "path", "/fresh.txt");
        share.ok("/get_file_data", "path", "/fresh.txt");

        assertEquals(hashed + 2, share.folder.hasher().filesHashed(), "nothing would tell of a write in the same tick");
    }

    @Test
    void aBurstOfChangesIsOneBatch() throws Exception {
        open(true);
        for (int i = 0; i < 20; i++) {
            Files.writeString(share.root.resolve("f" + i), "x" + i);
            share.reported("/f" + i);
        }

        share.timer.advance(TestFolder.QUIET);

        assertEquals(1, walk.pending(), "one job for the whole burst");
        walk.runAll();
        assertEquals(20, share.folder.index().files());
    }

    @Test
    void aFileThatChangesWhileItIsReadWaitsForAnotherQuietPeriod() throws Exception {
        open(false);
        Files.writeString(share.root.resolve("a.txt"), "first");
        AtomicInteger appends = new AtomicInteger();
        share.folder.guard().beforeEachOpen(path -> {
            if (path.equals("/a.txt") && appends.getAndIncrement() == 0) {
                try {
                    append("/a.txt", ", more");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        share.reported("/a.txt");

        share.timer.advance(TestFolder.QUIET);
        assertNull(share.folder.index().entry("/a.txt"), "changed while it was read: no hash of that state");
        share.timer.advance(TestFolder.QUIET);

        assertEquals(TestFolder.sha256("first, more"), share.folder.index().entry("/a.txt").sha256Hex());
    }

    @Test
    void aLargeFileIsReadOnTheLargeLaneAndTheSmallChangesBesideItAreNotHeldUp() throws Exception {
        open(true);
        try (RandomAccessFile big = new RandomAccessFile(share.root.resolve("big.bin").toFile(), "rw")) {
            big.setLength(Lanes.LARGE_BYTES);
        }
        Files.writeString(share.root.resolve("small.txt"), "small");
        share.reported("/big.bin");
        share.reported("/small.txt");
        share.timer.advance(TestFolder.QUIET);

        walk.runAll();

        assertTrue(share.folder.index().entry("/small.txt") != null, "the small file is numbered");
        assertNull(share.folder.index().entry("/big.bin"), "the large one waits for its lane");
        assertEquals(1, large.runAll());
        assertEquals(Lanes.LARGE_BYTES, share.folder.index().entry("/big.bin").size());
    }

    @Test
    void aFileRenamedWithinABatchKeepsItsHashWithoutARead() throws Exception {
        open(false);
        share.write("/old-name.txt", "content");
        long hashed = share.folder.hasher().filesHashed();

        Files.move(share.root.resolve("old-name.txt"), share.root.resolve("new-name.txt"));
        share.reported("/old-name.txt");
        share.reported("/new-name.txt");
        share.timer.advance(TestFolder.QUIET);

        assertEquals(hashed, share.folder.hasher().filesHashed());
        assertTrue(share.folder.index().entry("/old-name.txt").deleted());
        assertEquals(TestFolder.sha256("content"), share.folder.index().entry("/new-name.txt").sha256Hex());
    }

    @Test
    void aReportOfAFileThatLooksUnchangedIsReadUnlessTurnstileMadeTheChange() throws Exception {
        open(false);
        Path file = share.write("/a.txt", "mine");
        TestFolder.setMtime(file, 1_600_000_000_000L);
        share.changed("/a.txt");
        Files.writeString(file, "edit"); // the same size, and the time put back
        TestFolder.setMtime(file, 1_600_000_000_000L);
        share.reported("/a.txt");
        share.timer.advance(TestFolder.QUIET);

        assertEquals(TestFolder.sha256("edit"), share.folder.index().entry("/a.txt").sha256Hex());

        long hashed = share.folder.hasher().filesHashed();
        String id = (String) share.ok("/upload_begin", "path", "/b.txt", "size", 1L, "sha256", TestFolder.sha256("b"))
                .get("upload");
        share.ok("/upload_chunk", "upload", id, "offset", 0L, "data", "Yg==");
        share.ok("/upload_commit", "upload", id);
        share.reported("/b.txt"); // the watcher's report of the commit's own rename
        share.timer.advance(TestFolder.QUIET);
        assertEquals(hashed, share.folder.hasher().filesHashed(), "the commit's own change is no news");
    }

    @Test
    void aFileBeingWrittenIsListedAsChangingOnceItsWriterHasNotPausedForASecond() throws Exception {
        open(false);
        share.write("/log.txt", "start");
        writeEveryFiftyMilliseconds("/log.txt", 10);
        Map<?, ?> early = (Map<?, ?>) ((List<?>) share.ok("/list_files").get("files")).get(0);
        writeEveryFiftyMilliseconds("/log.txt", 11);
        Map<?, ?> late = (Map<?, ?>) ((List<?>) share.ok("/list_files").get("files")).get(0);

        assertFalse(early.containsKey("changing"), "half a second: the last quiet version");
        assertEquals(TestFolder.sha256("start"), early.get("sha256"));
        assertEquals(true, late.get("changing"), "over a second without a pause");
        assertFalse(late.containsKey("sha256"));
    }

    private void writeEveryFiftyMilliseconds(String path, int times) throws IOException {
        for (int i = 0; i < times; i++) {
            append(path, ".");
            share.reported(path);
            share.timer.advance(Duration.ofMillis(50));
        }
    }
}
