package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.filemodel.IgnoreRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index across a restart: saved at stop and read at start, where a scan against it finds what
 * changed while the server was stopped and numbers it then, reading only those files. A start after
 * an unclean stop, or with a torn or foreign index, begins a new history (a new id).
 */
class IndexRestartTest {

    @TempDir
    Path temp;

    private TestFolder share;

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, false);
        share.write("/a.txt", "aaa");
        share.write("/docs/b.txt", "bbb");
        share.write("/docs/c.txt", "ccc");
    }

    @AfterEach
    void close() {
        share.close();
    }

    private void restart() throws Exception {
        share.close();
        share = new TestFolder(temp, false);
    }

    private List<Object> changedSince(long since) throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> changes = (List<Map<String, Object>>) share.ok("/changes", "since", since).get("changes");
        return changes.stream().map(change -> change.get("path") + (change.containsKey("deleted") ? " deleted" : ""))
                .map(Object.class::cast).toList();
    }

    @Test
    void aRestartOnAnUnchangedFolderReadsNoFileAndGoesOnWithTheSameIdAndNumbers() throws Exception {
        String id = share.folder.index().id();
        long seq = share.folder.index().seq();

        restart();

        assertEquals(0, share.folder.hasher().filesHashed());
        assertEquals(id, share.folder.index().id());
        assertEquals(seq, share.folder.index().seq());
        assertEquals(List.of(), changedSince(seq));
        assertEquals(3, ((List<?>) share.ok("/list_files").get("files")).size());
    }

    @Test
    void changesMadeWhileTheServerWasStoppedAreNumberedAtStartUpAndOnlyTheyAreRead() throws Exception {
        long seq = share.folder.index().seq();
        share.close();
        Files.writeString(share.root.resolve("a.txt"), "changed");
        Files.delete(share.root.resolve("docs/b.txt"));
        Files.writeString(share.root.resolve("docs/new.txt"), "new");

        share = new TestFolder(temp, false);

        assertEquals(2, share.folder.hasher().filesHashed(), "the changed file and the new one");
        assertEquals(List.of("/a.txt", "/docs/new.txt", "/docs/b.txt deleted"), changedSince(seq));
    }

    @Test
    void anUncleanStopGivesTheIndexANewIdAndKeepsItsHashes() throws Exception {
        String id = share.folder.index().id();
        Files.delete(share.root.resolve("docs/c.txt"));
        share.changed("/docs/c.txt");
        share.close();
        // What a crash leaves: the mark of a running server.
        Files.createFile(share.data.resolve("files/" + IndexFile.OPEN_MARK));

        share = new TestFolder(temp, false);

        assertNotEquals(id, share.folder.index().id(), "numbers seen before the crash may be given again: a new history");
        assertEquals(0, share.folder.hasher().filesHashed(), "unchanged files are not read again");
        assertEquals(List.of("/a.txt", "/docs/b.txt"), changedSince(0), "tombstones go with the old history");
        assertEquals(3L, share.folder.index().seq(), "the live entries renumbered: two files and a folder");
    }

    @Test
    void aTornIndexIsRebuiltFromNothingUnderANewId() throws Exception {
        String id = share.folder.index().id();
        share.close();
        Path file = share.data.resolve("files/" + IndexFile.NAME);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        share = new TestFolder(temp, false);

        assertNotEquals(id, share.folder.index().id());
        assertEquals(3, share.folder.hasher().filesHashed());
        assertEquals(3, ((List<?>) share.ok("/list_files").get("files")).size());
    }

    @Test
    void theIndexOfAnotherSharedFolderIsNotUsed() throws Exception {
        share.close();
        Path other = temp.resolve("other");
        Files.createDirectories(other.resolve("share"));
        Files.writeString(other.resolve("share/a.txt"), "aaa");

        share = new TestFolder(other, temp.resolve("data"), false, Runnable::run);

        assertEquals(1, share.folder.hasher().filesHashed());
        assertEquals(List.of("/a.txt"), changedSince(0));
    }

    @Test
    void aHashTakenLessThanTwoSecondsAfterItsFileChangedBeforeTheSaveIsReadAgainAtTheNextStart() throws Exception {
        long now = System.currentTimeMillis();
        for (String path : List.of("/a.txt", "/docs/b.txt", "/docs/c.txt")) {
            TestFolder.setMtime(share.root.resolve(path.substring(1)), now - 60_000);
            share.changed(path);
        }
        share.wallClock.set(now); // the save at stop is now: a file written now is within 2 s of it
        share.write("/fresh.txt", "fresh");

        restart();

        assertEquals(1, share.folder.hasher().filesHashed(), "only the file written just before the stop");
    }

    @Test
    void pathsExcludedSinceTheLastRunLeaveTheIndexWithoutATombstone() throws Exception {
        long seq = share.folder.index().seq();
        share.close();

        share = new TestFolder(temp, temp.resolve("data"), false, Lanes.on(Runnable::run, Runnable::run, Runnable::run),
                IgnoreRules.of(List.of("docs/")));
        share.folder.start();

        assertEquals(List.of(), changedSince(seq), "a client is not told to delete what the server now excludes");
        assertEquals(List.of("/a.txt"), changedSince(0));
    }

    @Test
    void theIndexIsSavedEveryThirtySecondsWhileChangesComeAndAtStop() throws Exception {
        Path file = share.data.resolve("files/" + IndexFile.NAME);
        byte[] before = Files.readAllBytes(file);
        share.write("/later.txt", "later");
        assertArrayEquals(before, Files.readAllBytes(file), "not saved at each change");

        share.timer.advance(IndexSchedule.SAVE_EVERY);

        byte[] saved = Files.readAllBytes(file);
        assertFalse(java.util.Arrays.equals(before, saved));
        share.write("/last.txt", "last");
        share.close();
        assertTrue(Files.readAllBytes(file).length > saved.length, "saved at stop");
        assertFalse(Files.exists(share.data.resolve("files/" + IndexFile.OPEN_MARK)), "a clean stop");
        share = new TestFolder(temp, false);
        assertEquals(0, share.folder.hasher().filesHashed());
    }

    @Test
    void theServersOldHashCacheIsRemoved() throws Exception {
        share.close();
        Files.writeString(share.data.resolve("files/hashes.txt"), "turnstile-hashes 2\n");

        share = new TestFolder(temp, false);

        assertFalse(Files.exists(share.data.resolve("files/hashes.txt")));
        share.timer.advance(Duration.ZERO);
    }
}
