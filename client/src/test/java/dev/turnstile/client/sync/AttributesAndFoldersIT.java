package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.OLD;
import static dev.turnstile.client.sync.SyncTrees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.FilesServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What rsync {@code -a} keeps, against a real server: permission bits (rsync's rule without
 * {@code -p}, see {@link PermissionBits}), a change of bits or of time alone sent without the
 * content, empty folders, and the names the server cannot share.
 */
class AttributesAndFoldersIT {

    private static final int UMASK = PermissionBits.localUmask();

    @TempDir
    Path temp;

    private FilesServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Path share() throws IOException {
        return Files.createDirectories(temp.resolve("share"));
    }

    private Path local() throws IOException {
        return Files.createDirectories(temp.resolve("local"));
    }

    private void start(boolean writable) throws Exception {
        server = FilesServer.start(share(), temp.resolve("data"), writable);
    }

    private SyncSummary pull(SyncOptions options) throws Exception {
        try (RemoteFolder folder = new ServerFolder(server.connect())) {
            return new Sync(folder, options, SyncListener.NONE).pull(local());
        }
    }

    private SyncSummary push(SyncOptions options) throws Exception {
        try (RemoteFolder folder = new ServerFolder(server.connect())) {
            return new Sync(folder, options, SyncListener.NONE).push(local());
        }
    }

    private static int mode(Path file) throws IOException {
        return PermissionBits.read(file);
    }

    private static void chmod(Path file, int mode) throws IOException {
        PermissionBits.set(file, mode);
    }

    @Test
    void aPullGivesNewFilesTheServersBitsMaskedByTheUmask() throws Exception {
        chmod(write(share(), "/bin/run.sh", "#!/bin/sh\n"), 0755);
        chmod(write(share(), "/a.txt", "alpha"), 0644);
        chmod(write(share(), "/secret.txt", "mine"), 0600);
        start(false);

        SyncSummary summary = pull(SyncOptions.defaults());

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(0755 & ~UMASK, mode(local().resolve("bin/run.sh")));
        assertEquals(0644 & ~UMASK, mode(local().resolve("a.txt")));
        assertEquals(0600, mode(local().resolve("secret.txt")));
    }

    @Test
    void aChangeOfTheExecutableBitsAloneIsPulledWithoutTheContentAndReadWriteBitsStayLocal() throws Exception {
        Path script = write(share(), "/run.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), OLD);
        chmod(script, 0644);
        start(false);
        pull(SyncOptions.defaults());
        chmod(local().resolve("run.sh"), 0600);
        long seq = server.seq();
        chmod(script, 0755);
        server.awaitChanges(seq, List.of("/run.sh"));

        SyncSummary summary = pull(SyncOptions.defaults());

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(0, summary.copied());
        assertEquals(1, summary.touched());
        assertEquals(0, summary.bytes());
        assertEquals(0700, mode(local().resolve("run.sh")), "the local read and write bits, the server's executable ones");
        assertEquals(0, pull(SyncOptions.defaults()).touched(), "then nothing differs");
    }

    @Test
    void aPushSendsNewFilesBitsAndAChangeOfBitsOrOfTimeAloneWithoutTheContent() throws Exception {
        chmod(write(local(), "/run.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), OLD), 0755);
        chmod(write(local(), "/notes.txt", "notes".getBytes(StandardCharsets.UTF_8), OLD), 0640);
        start(true);

        SyncSummary first = push(SyncOptions.defaults());

        assertTrue(first.complete(), first.problems().toString());
        assertEquals(0755 & ~UMASK, mode(share().resolve("run.sh")));
        assertEquals(0640 & ~UMASK, mode(share().resolve("notes.txt")));

        chmod(local().resolve("run.sh"), 0644);
        Files.setLastModifiedTime(local().resolve("notes.txt"), FileTime.fromMillis(OLD + 60_000));
        SyncSummary second = push(SyncOptions.defaults());

        assertTrue(second.complete(), second.problems().toString());
        assertEquals(0, second.copied());
        assertEquals(2, second.touched());
        assertEquals(0, second.bytes());
        assertEquals(0644 & ~UMASK, mode(share().resolve("run.sh")));
        assertEquals(OLD + 60_000, Files.getLastModifiedTime(share().resolve("notes.txt")).toMillis());
        assertEquals(0, push(SyncOptions.defaults()).touched(), "then nothing differs");
    }

    @Test
    void aReplacedFileKeepsTheDestinationsReadAndWriteBits() throws Exception {
        chmod(write(share(), "/a.txt", "old content".getBytes(StandardCharsets.UTF_8), OLD), 0600);
        chmod(write(local(), "/a.txt", "new content!".getBytes(StandardCharsets.UTF_8), OLD + 1000), 0644);
        start(true);

        SyncSummary summary = push(SyncOptions.defaults());

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals("new content!", Files.readString(share().resolve("a.txt")));
        assertEquals(0600, mode(share().resolve("a.txt")));
    }

    @Test
    void emptyFoldersArePulledAndWithDeleteRemovedOnceTheServerLacksThem() throws Exception {
        Files.createDirectories(share().resolve("empty"));
        Files.createDirectories(share().resolve("deep/er/still"));
        write(share(), "/a.txt", "alpha");
        Files.createDirectories(local().resolve("local-only/inside"));
        write(local(), "/kept/file.txt", "a file the server lacks, left without --delete");
        start(false);

        SyncSummary summary = pull(SyncOptions.defaults());

        assertTrue(summary.complete(), summary.problems().toString());
        assertTrue(Files.isDirectory(local().resolve("empty")));
        assertTrue(Files.isDirectory(local().resolve("deep/er/still")));
        assertTrue(Files.isDirectory(local().resolve("local-only/inside")), "nothing is removed without --delete");

        long seq = server.seq();
        Files.delete(share().resolve("empty"));
        server.awaitChanges(seq, List.of("/empty"));
        // Through the change feed, which gives the folders too; --force, since /kept/file.txt was
        // never synced and --delete alone keeps a file made here.
        SyncSummary mirrored = pull(SyncOptions.defaults().withDelete(true).withForce(true));

        assertTrue(mirrored.complete(), mirrored.problems().toString());
        assertFalse(Files.exists(local().resolve("empty")));
        assertFalse(Files.exists(local().resolve("local-only")));
        assertFalse(Files.exists(local().resolve("kept")), "its file deleted, the folder left empty goes too");
        assertTrue(Files.isDirectory(local().resolve("deep/er/still")));
    }

    @Test
    void aPushMakesTheEmptyLocalFoldersTheServerLacksWithTheirBitsMasked() throws Exception {
        chmod(Files.createDirectories(local().resolve("empty")), 0750);
        Files.createDirectories(local().resolve("deep/er/still"));
        write(local(), "/a.txt", "alpha");
        start(true);
        long seq = server.seq();

        SyncSummary summary = push(SyncOptions.defaults());

        assertTrue(summary.complete(), summary.problems().toString());
        assertTrue(Files.isDirectory(share().resolve("empty"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(0750 & ~UMASK | 0700, mode(share().resolve("empty")));
        assertTrue(Files.isDirectory(share().resolve("deep/er/still"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("alpha", Files.readString(share().resolve("a.txt")));
        server.awaitChanges(seq, List.of("/empty", "/deep/er/still")); // the change feed tells of them
    }

    @Test
    void aSyncWithDeleteCarriesAnEmptyFolderMadeHereToTheServerInsteadOfRemovingIt() throws Exception {
        write(share(), "/a.txt", "alpha");
        start(true);
        pull(SyncOptions.defaults());
        Files.createDirectories(local().resolve("new/empty"));

        SyncSummary pulled;
        SyncSummary pushed;
        try (RemoteFolder folder = new ServerFolder(server.connect())) {
            Sync sync = new Sync(folder, SyncOptions.defaults().withDelete(true), SyncListener.NONE);
            pulled = sync.pullBeforePush(local());
            pushed = sync.push(local());
        }

        assertTrue(pulled.complete() && pushed.complete(), pulled.problems() + " " + pushed.problems());
        assertTrue(Files.isDirectory(local().resolve("new/empty")), "the pull before the push left it");
        assertTrue(Files.isDirectory(share().resolve("new/empty"), LinkOption.NOFOLLOW_LINKS), "the push made it");
    }

    @Test
    void aPushWithDeleteRemovesTheEmptyServerFoldersTheLocalSideLacksButNotOneThatHoldsAFile() throws Exception {
        Files.createDirectories(share().resolve("old/inner/most"));
        write(share(), "/full/made-on-the-server.txt", "a file the push never saw, kept by --delete");
        Files.createDirectories(share().resolve("kept-too"));
        write(local(), "/a.txt", "alpha");
        Files.createDirectories(local().resolve("kept-too"));
        start(true);

        SyncSummary without = push(SyncOptions.defaults());

        assertTrue(without.complete(), without.problems().toString());
        assertTrue(Files.isDirectory(share().resolve("old/inner/most")), "nothing is removed without --delete");

        long seq = server.seq();
        SyncSummary mirrored = push(SyncOptions.defaults().withDelete(true));

        assertEquals(List.of("/full/made-on-the-server.txt: created on the server since the last sync (or never"
                + " synced); not deleted (--force deletes it)"), mirrored.problems(), "and not a word of /full");
        assertFalse(Files.exists(share().resolve("old")), "removed the deepest first");
        server.awaitChanges(seq, List.of("/old/inner/most", "/old/inner", "/old")); // the change feed tells of them
        assertTrue(Files.isDirectory(share().resolve("kept-too")));
        assertEquals("a file the push never saw, kept by --delete",
                Files.readString(share().resolve("full/made-on-the-server.txt")));
        assertTrue(Files.isDirectory(share().resolve("full")), "a folder that holds a file stays");
    }

    @Test
    void aFileInTheWayOfAFolderAPushMakesIsReportedAndTheRestIsPushed() throws Exception {
        write(share(), "/x", "a file on the server where the local side has an empty folder");
        Files.createDirectories(local().resolve("x"));
        Files.createDirectories(local().resolve("y"));
        start(true);

        SyncSummary summary = push(SyncOptions.defaults());

        assertEquals(List.of("/x: cannot make the folder on the server: \"/x\" is a file, not a folder (never"
                + " followed); nothing was made"), summary.problems());
        assertTrue(Files.isRegularFile(share().resolve("x"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(share().resolve("y"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aNameTheServerCannotShareIsNamedByAPullAndNotDeletedLocally() throws Exception {
        write(share(), "/back\\slash.txt", "the server skips it");
        write(share(), "/a.txt", "alpha");
        write(local(), "/back\\slash.txt", "a local file of the same name");
        start(false);

        SyncSummary summary = pull(SyncOptions.defaults().withDelete(true));

        assertFalse(summary.complete());
        assertEquals(1, summary.problems().size(), summary.problems().toString());
        assertTrue(summary.problems().get(0).startsWith("/back\\slash.txt: the server cannot share it ("),
                summary.problems().get(0));
        assertEquals("alpha", Files.readString(local().resolve("a.txt")));
        assertTrue(Files.exists(local().resolve("back\\slash.txt"), LinkOption.NOFOLLOW_LINKS));
    }
}
