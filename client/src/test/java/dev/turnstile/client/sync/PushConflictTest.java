package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A push judged against the base, into a folder without a change feed (and so without keep_replaced_as). */
class PushConflictTest {

    @TempDir
    Path temp;
    Path server;
    Path local;
    private final List<LocalFolderRemote> remotes = new ArrayList<>();

    @BeforeEach
    void folders() throws IOException {
        server = Files.createDirectory(temp.resolve("server"));
        local = Files.createDirectory(temp.resolve("local"));
        Files.createDirectory(temp.resolve("staging"));
    }

    @AfterEach
    void closeRemotes() {
        remotes.forEach(LocalFolderRemote::close);
    }

    private SyncSummary push(SyncOptions options) throws IOException {
        LocalFolderRemote remote = new LocalFolderRemote(server, temp.resolve("staging"), 4096, 100);
        remotes.add(remote);
        return new Sync(remote, options, SyncListener.NONE).push(local);
    }

    @Test
    void aFileChangedOnBothSidesIsNotOverwrittenWhereTheServerCannotKeepAConflictCopy() throws Exception {
        write(local, "/a.txt", "alpha");
        push(SyncOptions.defaults());
        write(server, "/a.txt", "alpha, edited on the server");
        write(local, "/a.txt", "alpha, edited here");

        SyncSummary summary = push(SyncOptions.defaults());

        assertEquals(List.of("/a.txt: changed on both sides since the last sync, and this server cannot keep its"
                + " version as a conflict copy; not overwritten (pull fetches it; --force overwrites it)"),
                summary.problems());
        assertEquals("alpha, edited on the server", Files.readString(server.resolve("a.txt")));
        assertTrue(summary.conflictCopies().isEmpty());

        SyncSummary forced = push(SyncOptions.defaults().withForce(true));
        assertTrue(forced.complete(), forced.problems().toString());
        assertEquals("alpha, edited here", Files.readString(server.resolve("a.txt")));
    }

    @Test
    void aPushAfterAnEditHereOnlySendsIt() throws Exception {
        write(local, "/a.txt", "alpha");
        push(SyncOptions.defaults());
        write(local, "/a.txt", "alpha, edited here");

        SyncSummary summary = push(SyncOptions.defaults());

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(1, summary.copied());
        assertEquals("alpha, edited here", Files.readString(server.resolve("a.txt")));
    }
}
