package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pull judged against the base: what changed locally since the last pull is never overwritten without a word. */
class PullConflictTest {

    private static final String COPY_NAME = "a\\.sync-conflict-\\d{8}-\\d{6}\\.txt";

    @TempDir
    Path temp;
    Path server;
    Path local;
    private final List<LocalFolderRemote> remotes = new ArrayList<>();

    @BeforeEach
    void folders() throws IOException {
        server = Files.createDirectory(temp.resolve("server"));
        local = temp.resolve("local");
    }

    @AfterEach
    void closeRemotes() {
        remotes.forEach(LocalFolderRemote::close);
    }

    private SyncSummary pull(SyncOptions options) throws IOException {
        LocalFolderRemote remote = new LocalFolderRemote(server, temp.resolve("staging"), 4096, 100);
        remotes.add(remote);
        return new Sync(remote, options, SyncListener.NONE).pull(local);
    }

    private List<Path> conflictCopies() throws IOException {
        try (Stream<Path> files = Files.list(local)) {
            return files.filter(file -> file.getFileName().toString().matches(COPY_NAME)).toList();
        }
    }

    @Test
    void pullMustNotOverwriteALocalEditWithoutAWord() throws Exception {
        write(server, "/a.txt", "alpha");
        pull(SyncOptions.defaults());
        write(local, "/a.txt", "alpha, edited here");

        SyncSummary summary = pull(SyncOptions.defaults());

        assertEquals("alpha, edited here", Files.readString(local.resolve("a.txt")));
        assertEquals(List.of("/a.txt: changed here since the last sync; not overwritten (push sends it; --force"
                + " overwrites it)"), summary.problems());
        assertEquals(List.of(), conflictCopies());
    }

    @Test
    void aFileChangedOnBothSidesGetsTheServersVersionAndTheLocalOneIsKeptBesideIt() throws Exception {
        write(server, "/a.txt", "alpha");
        pull(SyncOptions.defaults());
        write(local, "/a.txt", "alpha, edited here");
        write(server, "/a.txt", "alpha, edited on the server");

        SyncSummary summary = pull(SyncOptions.defaults());

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals("alpha, edited on the server", Files.readString(local.resolve("a.txt")));
        List<Path> copies = conflictCopies();
        assertEquals(1, copies.size());
        assertEquals("alpha, edited here", Files.readString(copies.get(0)));
        assertEquals(List.of("/a.txt: kept the local version as /" + copies.get(0).getFileName()),
                summary.conflictCopies());
        assertTrue(summary.line().contains("kept 1 conflict copy"), summary.line());

        SyncSummary again = pull(SyncOptions.defaults().withDelete(true));
        assertEquals(List.of("/" + copies.get(0).getFileName() + ": created here since the last sync (or never synced);"
                + " not deleted (--force deletes it)"), again.problems());
        assertTrue(again.conflictCopies().isEmpty() && again.copied() == 0, again.line());
        assertTrue(Files.exists(copies.get(0)), "the conflict copy is a local file the server never had: not deleted");
    }

    @Test
    void aFirstPullIntoAFolderWithOtherContentKeepsBoth() throws Exception {
        write(server, "/a.txt", "the server's");
        write(local, "/a.txt", "mine");
        write(local, "/mine.txt", "only here");

        SyncSummary summary = pull(SyncOptions.defaults().withDelete(true));

        assertEquals("the server's", Files.readString(local.resolve("a.txt")));
        assertEquals(1, conflictCopies().size());
        assertEquals("mine", Files.readString(conflictCopies().get(0)));
        assertEquals("only here", Files.readString(local.resolve("mine.txt")), "never synced: not deleted");
        assertEquals(List.of("/mine.txt: created here since the last sync (or never synced); not deleted (--force"
                + " deletes it)"), summary.problems());
    }

    @Test
    void aLocalFileCreatedAfterTheLastPullIsNotDeletedButOneTheServerDeletedIs() throws Exception {
        write(server, "/a.txt", "alpha");
        write(server, "/b.txt", "bravo");
        pull(SyncOptions.defaults());
        Files.delete(server.resolve("b.txt"));
        write(local, "/new.txt", "made here after the pull");

        SyncSummary summary = pull(SyncOptions.defaults().withDelete(true));

        assertEquals(1, summary.deleted());
        assertFalse(Files.exists(local.resolve("b.txt")), "unchanged here since the last pull: the deletion goes through");
        assertEquals("made here after the pull", Files.readString(local.resolve("new.txt")));
    }

    @Test
    void aLocalEditOfAFileTheServerDeletedIsKept() throws Exception {
        write(server, "/a.txt", "alpha");
        pull(SyncOptions.defaults());
        Files.delete(server.resolve("a.txt"));
        write(local, "/a.txt", "alpha, edited here");

        SyncSummary summary = pull(SyncOptions.defaults().withDelete(true));

        assertEquals("alpha, edited here", Files.readString(local.resolve("a.txt")));
        assertEquals(List.of("/a.txt: changed here since the last sync; not deleted (--force deletes it)"),
                summary.problems());
    }

    @Test
    void forceMakesTheLocalFolderAnExactMirror() throws Exception {
        write(server, "/a.txt", "alpha");
        pull(SyncOptions.defaults());
        write(local, "/a.txt", "alpha, edited here");
        write(local, "/new.txt", "made here");

        SyncSummary summary = pull(SyncOptions.defaults().withDelete(true).withForce(true));

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals("alpha", Files.readString(local.resolve("a.txt")));
        assertFalse(Files.exists(local.resolve("new.txt")));
        assertEquals(List.of(), conflictCopies());
    }

    @Test
    void aDryRunNamesTheConflictCopyItWouldMakeAndMakesNone() throws Exception {
        write(server, "/a.txt", "alpha");
        pull(SyncOptions.defaults());
        write(local, "/a.txt", "alpha, edited here");
        write(server, "/a.txt", "alpha, edited on the server");

        SyncSummary summary = pull(SyncOptions.defaults().withDryRun(true));

        assertEquals(1, summary.conflictCopies().size());
        assertTrue(summary.conflictCopies().get(0).matches("/a.txt: would keep the local version as /" + COPY_NAME),
                summary.conflictCopies().toString());
        assertEquals("alpha, edited here", Files.readString(local.resolve("a.txt")));
        assertEquals(List.of(), conflictCopies());
    }
}
