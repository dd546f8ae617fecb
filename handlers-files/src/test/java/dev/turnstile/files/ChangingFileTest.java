package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Response;
import dev.turnstile.testing.Answers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file still being written: the listing names it, marked as changing and without a hash, instead
 * of leaving it out (a mirror would take it for deleted); a chunk of it is answered 409 within a
 * bounded wait instead of being held until the writer stops. The writer here appends a byte each
 * time the server is about to open the file ({@link OpenGuard#beforeEachOpen}), or runs on a thread
 * of its own.
 */
class ChangingFileTest {

    @TempDir
    Path temp;

    private TestFolder share;
    private Path growing;
    private final AtomicInteger appends = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, false);
        share.write("/a.txt", "aaa");
        growing = share.write("/growing.log", "line\n");
        share.write("/logs/growing.log", "line\n");
    }

    @AfterEach
    void close() {
        share.close();
    }

    /**
     * Appends to the file each time the server is about to open it, or a folder on its way: before
     * its look, before its open, and before the look that checks nothing changed while it was read.
     */
    private void appendAtEachOpen(String file, int times) {
        share.folder.guard().beforeEachOpen(path -> {
            if (path.equals(file) && appends.get() < times) {
                appends.incrementAndGet();
                append(share.root.resolve(file.substring(1)));
            }
        });
    }

    private static void append(Path file) {
        try {
            Files.writeString(file, "more\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aFileThatChangesEachTimeItIsReadIsListedAsChangingWithoutAHash() throws Exception {
        append(growing); // no longer as indexed: the listing reads it, and it changes each time
        appendAtEachOpen("/growing.log", Integer.MAX_VALUE);

        List<?> files = (List<?>) share.ok("/list_files").get("files");

        assertEquals(3, files.size());
        Map<?, ?> entry = (Map<?, ?>) files.get(1);
        assertEquals("/growing.log", entry.get("path"));
        assertEquals(true, entry.get("changing"));
        assertFalse(entry.containsKey("sha256"));
        assertEquals(FileHasher.ATTEMPTS, appends.get());
    }

    @Test
    void aFileReportedWithoutAPauseForASecondIsListedAsChangingWhileTheWatcherRuns() throws Exception {
        share.close();
        share = new TestFolder(temp, temp.resolve("data"), false, Lanes.on(Runnable::run, Runnable::run, Runnable::run),
                dev.turnstile.filemodel.IgnoreRules.none(), FolderSettings.Reports.CALLER);
        share.folder.start();
        appendAtEachOpen("/growing.log", Integer.MAX_VALUE);

        share.changed("/growing.log"); // read, and changed meanwhile: handed back to wait for a pause
        for (int i = 0; i < 9; i++) {
            share.timer.advance(TestFolder.QUIET);
        }
        Map<?, ?> early = (Map<?, ?>) ((List<?>) share.ok("/list_files").get("files")).get(1);
        share.timer.advance(TestFolder.QUIET);
        Map<?, ?> entry = (Map<?, ?>) ((List<?>) share.ok("/list_files").get("files")).get(1);

        assertEquals(TestFolder.sha256("line\n"), early.get("sha256"), "the last quiet version, before a second");
        assertEquals("/growing.log", entry.get("path"));
        assertEquals(true, entry.get("changing"));
        assertFalse(entry.containsKey("sha256"));
    }

    @Test
    void aFileWrittenByAnotherThreadIsInEveryListing() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 10_000_000 && !done.get(); i++) {
                append(growing);
            }
        });
        writer.start();
        try {
            for (int i = 0; i < 20; i++) {
                List<?> files = (List<?>) share.ok("/list_files").get("files");
                assertEquals(List.of("/a.txt", "/growing.log", "/logs/growing.log"), files.stream().map(f -> ((Map<?, ?>) f).get("path")).toList());
            }
        } finally {
            done.set(true);
            writer.join();
        }
    }

    @Test
    void aChunkOfAFileThatKeepsChangingIsA409AfterThreeTriesAndHalfASecond() throws Exception {
        appendAtEachOpen("/logs/growing.log", Integer.MAX_VALUE);

        Response held = share.call("/get_file_data", "path", "/logs/growing.log");
        assertFalse(Answers.ready(held));
        share.timer.advance(GetFileDataHandler.RETRY_AFTER.get(0));
        assertFalse(Answers.ready(held));
        share.timer.advance(GetFileDataHandler.RETRY_AFTER.get(1).minusMillis(1));
        assertFalse(Answers.ready(held));
        share.timer.advance(Duration.ofMillis(1));

        HandlerException refusal = assertThrows(HandlerException.class, () -> Answers.of(held));
        assertEquals(409, refusal.code());
        assertEquals("/logs/growing.log changed each time it was read (3 tries): it is being written; ask again once it"
                + " is quiet", refusal.getMessage());
    }

    @Test
    void aFileThatIsQuietAtTheSecondTryIsServed() throws Exception {
        appendAtEachOpen("/logs/growing.log", 3); // the first try's opens

        Response held = share.call("/get_file_data", "path", "/logs/growing.log");
        assertFalse(Answers.ready(held));
        share.timer.advance(GetFileDataHandler.RETRY_AFTER.get(0));

        assertTrue(Answers.ready(held));
        assertEquals(TestFolder.sha256("line\nmore\nmore\nmore\n"), Answers.of(held).body().get("sha256"));
    }
}
