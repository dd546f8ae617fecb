package dev.turnstile.client.sync;

import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;

/**
 * Fetches every page of the shared folder's listing and turns it into one side of a comparison,
 * refusing each path that could not be a local file (SPEC §8's rules, checked again here, since a
 * client trusts the server's paths no more than the server trusts a client's). A file the server
 * lists as still being written is refused too, with {@link #STILL_WRITTEN}: named, not copied, and
 * not taken for gone.
 */
final class RemoteListing {

    /** Why a file the server lists as changing is not synced. */
    static final String STILL_WRITTEN = "it is still being written on the server; run again later";

    /** A listing that never ends is a broken server: stop after this many pages. */
    private static final int MAX_PAGES = 1_000_000;

    private RemoteListing() {
    }

    /** The reason a name the server skips is not synced: {@code %s} is the server's reason. */
    static final String CANNOT_SHARE = "the server cannot share it (%s); it is not synced";

    /**
     * A whole listing.
     *
     * @param side the server's files and folders as one side of a comparison; its refused paths
     *     include the names the server skipped
     * @param listsFolders whether the server listed its folders (empty ones included): only then is
     *     a local folder it lacks known to be gone
     */
    record Listing(SyncPlan.Side side, boolean listsFolders) {
    }

    static SyncPlan.Side fetch(RemoteFolder remote) throws IOException {
        return fetchListing(remote).side();
    }

    static Listing fetchListing(RemoteFolder remote) throws IOException {
        SortedMap<String, FileEntry> files = new TreeMap<>();
        Set<String> folders = new TreeSet<>();
        boolean listsFolders = false;
        Map<String, String> refused = new TreeMap<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            ListingPage page = await(remote.list(cursor));
            for (FileEntry entry : page.entries()) {
                String why = SyncPaths.refusal(entry.path());
                if (why == null && !Sha256.isHex(entry.sha256())) {
                    why = "comes without a valid SHA-256";
                }
                if (why == null && files.containsKey(entry.path())) {
                    why = "is listed twice";
                }
                if (why != null) {
                    refused.put(entry.path(), "refused: the path " + why);
                } else {
                    files.put(entry.path(), entry);
                }
            }
            if (pages == 0 && page.skipped() != null) {
                listsFolders = true;
                page.skipped().forEach((path, why) -> refused.put(path, String.format(CANNOT_SHARE, why)));
            }
            for (String folder : page.folders()) {
                String why = SyncPaths.refusal(folder);
                if (why != null) {
                    refused.put(folder, "refused: the path " + why);
                } else {
                    folders.add(folder);
                }
            }
            for (String path : page.changing()) {
                String why = SyncPaths.refusal(path);
                refused.put(path, why != null ? "refused: the path " + why : STILL_WRITTEN);
            }
            cursor = page.next();
            if (cursor != null && (!cursors.add(cursor) || ++pages > MAX_PAGES)) {
                throw new IOException("the server's listing does not end: page \"" + cursor + "\" came twice");
            }
        } while (cursor != null);
        folders.addAll(parents(files.keySet()));
        return new Listing(new SyncPlan.Side(files, folders, new HashMap<>(), refused), listsFolders);
    }

    /** @return every folder above the given paths */
    static Set<String> parents(Iterable<String> paths) {
        Set<String> folders = new TreeSet<>();
        for (String path : paths) {
            for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
                if (!folders.add(path.substring(0, slash))) {
                    break;
                }
            }
        }
        return folders;
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while listing the shared folder");
        } catch (ExecutionException e) {
            throw RemoteFolders.typed(e.getCause());
        }
    }
}
