package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.turnstile.filemodel.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's side of a sync: from the change feed when a position is remembered, else listed whole. */
class ServerViewTest {

    @TempDir
    Path temp;
    private Path server;
    private LocalFolderRemote folder;
    private final AtomicInteger listings = new AtomicInteger();
    /** What the feed answers to a {@code since} below its end; the end is answered with {@code relist}. */
    private final List<ChangesPage> pages = new ArrayList<>();
    private final List<Long> asked = new ArrayList<>();
    private volatile List<String> changing = List.of();

    @BeforeEach
    void folder() throws Exception {
        server = Files.createDirectory(temp.resolve("server"));
        write(server, "/a.txt", "alpha");
        write(server, "/b.txt", "bravo");
        folder = new LocalFolderRemote(server, Files.createDirectory(temp.resolve("staging")), 4096, 100);
    }

    @AfterEach
    void close() {
        folder.close();
    }

    private RemoteFolder remote() {
        return new ForwardingRemote(folder) {
            @Override
            public CompletableFuture<ListingPage> list(String cursor) {
                listings.incrementAndGet();
                return super.list(cursor).thenApply(page -> {
                    List<FileEntry> entries = new ArrayList<>(page.entries());
                    entries.removeIf(entry -> changing.contains(entry.path()));
                    return new ListingPage(entries, page.next(), changing);
                });
            }

            @Override
            public CompletableFuture<ChangesPage> changes(long since, String index) {
                asked.add(since);
                if (since == Long.MAX_VALUE) {
                    return CompletableFuture.completedFuture(new ChangesPage("i1", 10, List.of(), List.of(), false, 10, true));
                }
                return CompletableFuture.completedFuture(pages.remove(0));
            }
        };
    }

    private static FileEntry entry(String path, String content) {
        return new FileEntry(path, content.length(), 1000, Sha256.ofText(content));
    }

    @Test
    void withoutAPositionTheFolderIsListedWholeAndTheFeedsNumberRemembered() throws Exception {
        SyncState state = SyncState.empty();

        SyncPlan.Side side = ServerView.fetch(remote(), state).side();

        assertEquals(Set.of("/a.txt", "/b.txt"), side.files().keySet());
        assertEquals(1, listings.get());
        assertEquals("i1", state.index());
        assertEquals(10, state.seq());
        assertEquals(side.files(), new java.util.TreeMap<>(state.server()));
    }

    @Test
    void withAPositionOnlyTheChangesAreAskedForAndApplied() throws Exception {
        SyncState state = SyncState.empty();
        ServerView.fetch(remote(), state).side();
        listings.set(0);
        pages.add(new ChangesPage("i1", 14, List.of(entry("/c.txt", "charlie")), List.of(), true, 12, false));
        pages.add(new ChangesPage("i1", 14, List.of(), List.of("/a.txt"), false, 14, false));

        SyncPlan.Side side = ServerView.fetch(remote(), state).side();

        assertEquals(Set.of("/b.txt", "/c.txt"), side.files().keySet());
        assertEquals(0, listings.get());
        assertEquals(List.of(Long.MAX_VALUE, 10L, 12L), asked, "paged from the last number given while \"more\"");
        assertEquals(14, state.seq());
    }

    @Test
    void aRelistAnswerMeansTheFolderIsListedWholeAgain() throws Exception {
        SyncState state = SyncState.empty();
        ServerView.fetch(remote(), state).side();
        listings.set(0);
        pages.add(new ChangesPage("i2", 3, List.of(), List.of(), false, 3, true));

        ServerView.fetch(remote(), state).side();

        assertEquals(1, listings.get());
    }

    @Test
    void aFileStillBeingWrittenAtTheListingIsNotTakenForDeletedThroughTheFeedLater() throws Exception {
        SyncState state = SyncState.empty();
        state.agreed(entry("/b.txt", "bravo"));
        changing = List.of("/b.txt");

        SyncPlan.Side listed = ServerView.fetch(remote(), state).side();
        assertNull(listed.files().get("/b.txt"));
        assertEquals(RemoteListing.STILL_WRITTEN, listed.refused().get("/b.txt"));

        pages.add(new ChangesPage("i1", 10, List.of(), List.of(), false, 10, false));
        SyncPlan.Side later = ServerView.fetch(remote(), state).side();
        assertEquals(entry("/b.txt", "bravo"), later.files().get("/b.txt"), "its last agreed version stands for it");
    }

    @Test
    void aServerWithoutAFeedIsListedEveryTime() throws Exception {
        SyncState state = SyncState.empty();

        ServerView.fetch(folder, state).side();
        ServerView.fetch(folder, state).side();

        assertNull(state.index());
        assertNull(state.server());
    }
}
