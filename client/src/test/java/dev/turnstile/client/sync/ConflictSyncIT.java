package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.FilesServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two machines, A and B, syncing one folder of a real server through pull and push: what one of
 * them changed since the other's last sync is never overwritten or deleted silently; and a pull
 * that remembers the server's change feed asks it what changed instead of listing everything.
 */
class ConflictSyncIT {

    private static final String COPY_NAME = "[a-z]+\\.sync-conflict-\\d{8}-\\d{6}\\.txt";

    @TempDir
    Path temp;
    private Path share;
    private Path a;
    private Path b;
    private FilesServer server;
    private final AtomicInteger listings = new AtomicInteger();
    private final AtomicInteger feeds = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        share = Files.createDirectories(temp.resolve("share"));
        a = temp.resolve("a");
        b = temp.resolve("b");
        Files.createDirectories(a);
        server = FilesServer.start(share, temp.resolve("data"), true);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The server's folder, counting the listings and change feed requests the sync makes. */
    private RemoteFolder folder() throws Exception {
        return new ForwardingRemote(RemoteFolders.over(server.connect())) {
            @Override
            public CompletableFuture<ListingPage> list(String cursor) {
                listings.incrementAndGet();
                return super.list(cursor);
            }

            @Override
            public CompletableFuture<ChangesPage> changes(long since, String index) {
                feeds.incrementAndGet();
                return super.changes(since, index);
            }
        };
    }

    private SyncSummary pull(Path local, SyncOptions options) throws Exception {
        try (RemoteFolder folder = folder()) {
            return new Sync(folder, options, SyncListener.NONE).pull(local);
        }
    }

    private SyncSummary push(Path local, SyncOptions options) throws Exception {
        try (RemoteFolder folder = folder()) {
            return new Sync(folder, options, SyncListener.NONE).push(local);
        }
    }

    private List<Path> conflictCopies(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().matches(COPY_NAME)).toList();
        }
    }

    @Test
    void aPushMustNotLoseAnEditAnotherMachinePushedAfterItsLastPull() throws Exception {
        write(a, "/a.txt", "line 1\n");
        push(a, SyncOptions.defaults());
        pull(b, SyncOptions.defaults());
        long seq = server.seq();
        Files.writeString(a.resolve("a.txt"), "line 1\nline 2, appended on A\n");
        push(a, SyncOptions.defaults());
        server.awaitChanges(seq, List.of("/a.txt"));
        Files.writeString(b.resolve("a.txt"), "line 1, edited on B\n");

        SyncSummary summary = push(b, SyncOptions.defaults());

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals("line 1, edited on B\n", Files.readString(share.resolve("a.txt")));
        List<Path> copies = conflictCopies(share);
        assertEquals(1, copies.size(), "A's edit is kept on the server beside B's");
        assertEquals("line 1\nline 2, appended on A\n", Files.readString(copies.get(0)));
        assertEquals(List.of("/a.txt: kept the server's version as /" + copies.get(0).getFileName()),
                summary.conflictCopies());

        SyncSummary back = pull(a, SyncOptions.defaults());
        assertTrue(back.complete(), back.problems().toString());
        assertEquals("line 1, edited on B\n", Files.readString(a.resolve("a.txt")),
                "A pushed its edit: the base is A's version, so B's replaces it");
        assertEquals("line 1\nline 2, appended on A\n", Files.readString(a.resolve(copies.get(0).getFileName())));
    }

    @Test
    void aSyncLeavesALocalEditToItsPushWithoutNamingItAndKeepsBothOfAnEditMadeOnBothSides() throws Exception {
        write(a, "/mine.txt", "one");
        write(a, "/both.txt", "base");
        push(a, SyncOptions.defaults());
        pull(b, SyncOptions.defaults());
        long seq = server.seq();
        Files.writeString(b.resolve("both.txt"), "edited on B");
        push(b, SyncOptions.defaults());
        server.awaitChanges(seq, List.of("/both.txt"));
        Files.writeString(a.resolve("mine.txt"), "one, edited on A");
        Files.writeString(a.resolve("both.txt"), "edited on A");

        SyncSummary pulled;
        SyncSummary pushed;
        try (RemoteFolder folder = folder()) {
            Sync sync = new Sync(folder, SyncOptions.defaults(), SyncListener.NONE);
            pulled = sync.pullBeforePush(a);
            pushed = sync.push(a);
        }

        assertTrue(pulled.complete(), "a local edit is the push's to send: " + pulled.problems());
        assertTrue(pushed.complete(), pushed.problems().toString());
        assertEquals(1, pulled.conflictCopies().size(), pulled.conflictCopies().toString());
        assertEquals("one, edited on A", Files.readString(share.resolve("mine.txt")));
        assertEquals("edited on B", Files.readString(share.resolve("both.txt")), "the pull took the server's version");
        List<Path> copies = conflictCopies(share);
        assertEquals(1, copies.size(), "A's version went up as its conflict copy");
        assertEquals("edited on A", Files.readString(copies.get(0)));
    }

    @Test
    void aFileCreatedOnAnotherMachineAfterTheLastPullIsNotDeletedByPushDelete() throws Exception {
        write(a, "/a.txt", "alpha");
        push(a, SyncOptions.defaults());
        pull(b, SyncOptions.defaults());
        write(a, "/new.txt", "made on A after B's pull");
        push(a, SyncOptions.defaults());

        SyncSummary summary = push(b, SyncOptions.defaults().withDelete(true));

        assertEquals("made on A after B's pull", Files.readString(share.resolve("new.txt")));
        assertEquals(List.of("/new.txt: created on the server since the last sync (or never synced); not deleted"
                + " (--force deletes it)"), summary.problems());
        assertEquals(0, summary.deleted());

        Files.delete(b.resolve("a.txt"));
        SyncSummary deleting = push(b, SyncOptions.defaults().withDelete(true));
        assertEquals(1, deleting.deleted(), "what B deleted since its pull, unchanged on the server, goes");
        assertTrue(Files.notExists(share.resolve("a.txt")));
    }

    @Test
    void aPushOverAServerFileChangedSinceTheLastPullLeavesItUnlessForced() throws Exception {
        write(a, "/a.txt", "alpha");
        push(a, SyncOptions.defaults());
        pull(b, SyncOptions.defaults());
        Files.writeString(a.resolve("a.txt"), "alpha, edited on A");
        push(a, SyncOptions.defaults());

        SyncSummary summary = push(b, SyncOptions.defaults());

        assertEquals(List.of("/a.txt: changed on the server since the last sync; not overwritten (pull fetches it;"
                + " --force overwrites it)"), summary.problems());
        assertEquals("alpha, edited on A", Files.readString(share.resolve("a.txt")));
        SyncSummary forced = push(b, SyncOptions.defaults().withForce(true));
        assertTrue(forced.complete(), forced.problems().toString());
        assertEquals("alpha", Files.readString(share.resolve("a.txt")));
    }

    @Test
    void aPullThatRemembersTheChangeFeedAsksWhatChangedAndListsNothing() throws Exception {
        for (int i = 0; i < 30; i++) {
            write(share, "/f" + i + ".txt", "file " + i);
        }
        server.awaitChanges(0, List.of("/f29.txt"));
        pull(b, SyncOptions.defaults());
        assertTrue(listings.get() > 0, "the first pull lists everything");
        long seq = server.seq();
        write(share, "/f3.txt", "file 3, changed");
        Files.delete(share.resolve("f4.txt"));
        server.awaitChanges(seq, List.of("/f3.txt", "/f4.txt"));
        listings.set(0);
        feeds.set(0);

        SyncSummary summary = pull(b, SyncOptions.defaults().withDelete(true));

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(1, summary.copied());
        assertEquals(1, summary.deleted());
        assertEquals(28, summary.skipped());
        assertEquals(0, listings.get(), "no listing");
        assertEquals(1, feeds.get(), "one round trip to the change feed");
        assertEquals("file 3, changed", Files.readString(b.resolve("f3.txt")));
        assertTrue(Files.notExists(b.resolve("f4.txt")));

        feeds.set(0);
        SyncSummary unchanged = pull(b, SyncOptions.defaults().withDelete(true));
        assertTrue(unchanged.plan().isInSync() && unchanged.complete(), unchanged.line());
        assertEquals(0, listings.get());
        assertEquals(1, feeds.get());
    }

    @Test
    void anIndexIdOtherThanTheRememberedOneMeansAFullListing() throws Exception {
        write(share, "/a.txt", "alpha");
        server.awaitChanges(0, List.of("/a.txt"));
        pull(b, SyncOptions.defaults());
        Path state = b.resolve(".turnstile/state.txt");
        List<String> lines = Files.readAllLines(state);
        assertTrue(lines.get(1).startsWith("index ") && !lines.get(1).equals("index -"), lines.toString());
        lines.set(1, "index another-history");
        Files.write(state, lines);
        write(share, "/b.txt", "bravo");
        server.awaitChanges(0, List.of("/b.txt"));
        listings.set(0);

        SyncSummary summary = pull(b, SyncOptions.defaults());

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(1, summary.copied());
        assertTrue(listings.get() > 0, "listed again");
        assertEquals("bravo", Files.readString(b.resolve("b.txt")));
    }
}
