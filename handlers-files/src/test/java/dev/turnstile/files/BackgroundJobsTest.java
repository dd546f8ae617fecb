package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Response;
import dev.turnstile.testing.Answers;
import dev.turnstile.testing.ManualExecutor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow work waits for the background executor: the handler runs once and answers
 * {@link Response#later} on its job, which comes when the job has run. The executor here is the
 * testing kit's manual one, so every step is deterministic.
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
        background.runAll(); // the scan at start-up
    }

    @AfterEach
    void close() {
        share.close();
    }

    @Test
    void getHashesAnswersLaterWhenTheWalkHasRun() throws Exception {
        Response later = share.call("/get_hashes");

        assertTrue(later.isLater());
        assertFalse(Answers.ready(later));
        assertEquals(1, background.pending(), "one walk for one request");
        background.runAll();
        assertEquals(List.of("/a.txt"), ConfinementTest.paths(Answers.of(later).body()));
    }

    @Test
    void aChunkIsReadOffTheServerThreadWithTheIndexsHashAndAChangedFileIsHashedThere() throws Exception {
        Response later = share.call("/get_file_data", "path", "/a.txt");
        assertFalse(Answers.ready(later), "even an indexed file is opened off the server thread");

        assertEquals(1, background.runAll());
        assertEquals(TestFolder.sha256("aaa"), Answers.of(later).body().get("sha256"));
        assertEquals("YWFh", Answers.of(later).body().get("data"));
        assertEquals(1, share.folder.hasher().filesHashed(), "the hash came from the index");

        java.nio.file.Files.writeString(share.root.resolve("a.txt"), "changed");
        Response changed = share.call("/get_file_data", "path", "/a.txt");
        assertFalse(Answers.ready(changed));
        assertEquals(1, background.runAll());
        assertEquals(TestFolder.sha256("changed"), Answers.of(changed).body().get("sha256"));
        assertEquals(2, share.folder.hasher().filesHashed(), "a file otherwise than indexed is read to hash it");
    }

    @Test
    void aChunkOfAMissingFileIsA404WhenItsOpenHasRun() {
        Response later = assertDoesNotThrow(() -> share.call("/get_file_data", "path", "/b.txt"));
        assertEquals(1, background.pending());

        background.runAll();

        assertEquals(404, assertThrows(HandlerException.class, () -> Answers.of(later)).code());
    }

    @Test
    void aListingPageIsBuiltInTheBackground() throws Exception {
        Response later = share.call("/list_files");
        assertFalse(Answers.ready(later));

        background.runAll();

        assertEquals(1, ((List<?>) Answers.of(later).body().get("files")).size());
    }

    @Test
    void aCommitIsVerifiedInTheBackgroundAndChunksMeanwhileAre409() throws Exception {
        String id = (String) share.ok("/upload_begin", "path", "/b.txt", "size", 1L, "sha256",
                TestFolder.sha256("b")).get("upload");
        share.ok("/upload_chunk", "upload", id, "offset", 0L, "data", "Yg==");

        Response commit = share.call("/upload_commit", "upload", id);
        assertFalse(Answers.ready(commit));
        assertEquals(409, assertThrows(HandlerException.class,
                () -> share.call("/upload_chunk", "upload", id, "offset", 0L, "data", "Yg==")).code());
        assertEquals(409, assertThrows(HandlerException.class, () -> share.call("/upload_commit", "upload", id)).code(),
                "a second commit while the first runs");
        background.runAll();

        assertEquals(TestFolder.sha256("b"), Answers.of(commit).body().get("sha256"));
    }

    @Test
    void aDeleteWhoseCheckFindsAnotherVersionIsA409WhenItsJobHasRun() throws Exception {
        Response delete = share.call("/delete_file", "path", "/a.txt", "sha256", TestFolder.sha256("other"));
        assertFalse(Answers.ready(delete));

        background.runAll();

        assertEquals(409, assertThrows(HandlerException.class, () -> Answers.of(delete)).code());
        assertTrue(share.root.resolve("a.txt").toFile().exists());
    }
}
