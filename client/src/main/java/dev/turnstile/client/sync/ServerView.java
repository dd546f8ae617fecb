package dev.turnstile.client.sync;

import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The server's side of a sync, at the lowest cost the server allows. With a change feed position
 * remembered ({@link SyncState}): one {@code /changes} round trip (more only while it says
 * {@code more}), applied to the files remembered at that position. Without one, or when the server
 * answers that the position belongs to another history ({@code relist}, another index id): its
 * feed's current number, then the full listing ({@link RemoteListing}), as a server without a feed
 * always gets. The result is remembered in the state for the next run.
 */
final class ServerView {

    /** A feed that never ends is a broken server: stop after this many pages. */
    private static final int MAX_PAGES = 100_000;

    private ServerView() {
    }

    /**
     * @return the server's folder now; {@code state} remembers it with its feed position (and its
     *     folders, empty ones included, when the server lists them)
     */
    static RemoteListing.Listing fetch(RemoteFolder remote, SyncState state) throws IOException {
        if (state.index() != null && state.server() != null) {
            RemoteListing.Listing side = sinceRemembered(remote, state);
            if (side != null) {
                return side;
            }
        }
        ChangesPage now;
        try {
            // A number past the end is answered at once with the index's id and number, and no entry.
            now = await(remote.changes(Long.MAX_VALUE, null));
        } catch (IOException | UnsupportedOperationException e) {
            if (!noFeed(e)) {
                throw e;
            }
            now = null;
        }
        RemoteListing.Listing listing = RemoteListing.fetchListing(remote);
        SyncPlan.Side listed = listing.side();
        if (now == null) {
            state.server(null, 0, null, null);
        } else {
            Map<String, FileEntry> files = new HashMap<>(listed.files());
            for (Map.Entry<String, String> refused : listed.refused().entrySet()) {
                // A file still being written is numbered only once it is quiet, after this number:
                // until then the feed says nothing of it, and it must not look deleted. Its last agreed
                // version stands for it (a path never synced is not the sync's to delete anyway).
                FileEntry agreed = state.base.get(refused.getKey());
                if (refused.getValue().equals(RemoteListing.STILL_WRITTEN) && agreed != null) {
                    files.put(refused.getKey(), agreed);
                }
            }
            state.server(now.index(), now.seq(), files, listing.listsFolders() ? listed.folders() : null);
        }
        return listing;
    }

    /**
     * @return the folder from the remembered files (and folders, when the server listed them) and
     *     the changes since, or {@code null} to list it all
     */
    private static RemoteListing.Listing sinceRemembered(RemoteFolder remote, SyncState state) throws IOException {
        Map<String, FileEntry> files = new HashMap<>(state.server());
        Set<String> folders = state.serverFolders() == null ? null : new TreeSet<>(state.serverFolders());
        Map<String, String> refused = new TreeMap<>();
        long since = state.seq();
        String index = state.index();
        for (int pages = 0;; pages++) {
            ChangesPage page;
            try {
                page = await(remote.changes(since, index));
            } catch (IOException | UnsupportedOperationException e) {
                if (noFeed(e)) {
                    return null;
                }
                throw e;
            }
            if (page.relist() || !page.index().equals(index) || page.seq() < since) {
                return null;
            }
            for (String path : page.deleted()) {
                files.remove(path);
                refused.remove(path);
            }
            if (folders != null) {
                folders.removeAll(page.deletedFolders());
                for (String folder : page.folders()) {
                    if (SyncPaths.refusal(folder) == null) {
                        folders.add(folder);
                    }
                }
            }
            for (FileEntry entry : page.changed()) {
                String why = SyncPaths.refusal(entry.path());
                if (why == null && !Sha256.isHex(entry.sha256())) {
                    why = "comes without a valid SHA-256";
                }
                if (why != null) {
                    files.remove(entry.path());
                    refused.put(entry.path(), "refused: the path " + why);
                } else {
                    files.put(entry.path(), entry);
                    refused.remove(entry.path());
                }
            }
            if (!page.more() || pages >= MAX_PAGES) {
                state.server(index, page.more() ? page.last() : page.seq(), files, folders);
                break;
            }
            if (page.last() <= since) {
                throw new IOException("the server's change feed does not advance: \"more\" after number " + since);
            }
            since = page.last();
        }
        SortedMap<String, FileEntry> sorted = new TreeMap<>(files);
        Set<String> all = RemoteListing.parents(sorted.keySet());
        if (folders != null) {
            all.addAll(folders);
        }
        return new RemoteListing.Listing(new SyncPlan.Side(sorted, all, new HashMap<>(), refused), folders != null);
    }

    /** @return whether the failure says the server has no change feed (an older server) */
    private static boolean noFeed(Exception failure) {
        if (failure instanceof UnsupportedOperationException) {
            return true;
        }
        return RemoteFolders.unknownUrl(failure);
    }

    private static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while asking the server what changed");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnsupportedOperationException unsupported) {
                throw unsupported;
            }
            throw RemoteFolders.typed(e.getCause());
        }
    }
}
