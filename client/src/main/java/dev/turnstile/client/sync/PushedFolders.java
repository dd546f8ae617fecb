package dev.turnstile.client.sync;

import dev.turnstile.client.TurnstileException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Makes a push's server folders those of LOCAL_DIR, as {@link LocalFolders} does for a pull: each
 * local folder the server lacks is made ({@code /make_folder}) with the local folder's bits masked
 * as files' bits are ({@link PermissionBits}), and with {@code --delete} each server folder that
 * LOCAL_DIR lacks is removed ({@code /remove_folder}), the deepest first, if it is empty. Runs after
 * the files are in place, so that a folder the push emptied is seen empty; the folders above a
 * pushed file were made by its upload. A server folder that still holds anything (a file the push
 * left, an excluded one) stays, without a word, as a local one does on a pull. Folders are sent a
 * depth at a time, so a folder is made before the folders in it and gets its own bits. Against a
 * server that has no such urls (an older one) folders are left as they are, without a word. A folder
 * the server refuses to make (a file in the way, a name it will not take) is reported by its path;
 * a read-only server ends the run, as it does for files.
 */
final class PushedFolders {

    /** The bits the server keeps in a folder's mode: it lists and writes its folders as their owner. */
    private static final int OWNER_ALL = 0700;

    private final RemoteFolder remote;
    private final Path root;
    private final SyncRun run;
    private final int umask;

    PushedFolders(RemoteFolder remote, Path root, SyncRun run, int umask) {
        this.remote = remote;
        this.root = root;
        this.run = run;
        this.umask = umask;
    }

    /**
     * @param source the local side, filtered: its folders and files
     * @param server the server's side, filtered: its folders (those above its files at least)
     * @param delete whether to remove the server folders LOCAL_DIR lacks; only when the server
     *     listed its folders, else a folder it has is not known
     * @throws IOException when the connection fails (the run is stopped with it)
     */
    void mirror(SyncPlan.Side source, SyncPlan.Side server, boolean delete) throws IOException {
        Set<String> aboveFiles = RemoteListing.parents(source.files().keySet());
        List<String> missing = new ArrayList<>();
        for (String folder : source.folders()) {
            if (!server.folders().contains(folder) && !aboveFiles.contains(folder) && SyncPaths.refusal(folder) == null
                    && !source.refused().containsKey(folder)) {
                missing.add(folder);
            }
        }
        if (!send(byDepth(missing, false), true)) {
            return;
        }
        if (delete) {
            List<String> gone = new ArrayList<>();
            for (String folder : server.folders()) {
                if (!source.folders().contains(folder) && !aboveFiles.contains(folder) && !leftAtOrAbove(source, folder)) {
                    gone.add(folder);
                }
            }
            send(byDepth(gone, true), false);
        }
    }

    /**
     * @return whether the local side has the path or a folder above it as something it left out (a
     *     link, a name it cannot send): the server's folder is not known to be gone
     */
    private static boolean leftAtOrAbove(SyncPlan.Side source, String folder) {
        for (String at = folder; !at.isEmpty(); at = at.substring(0, Math.max(0, at.lastIndexOf('/')))) {
            if (source.refused().containsKey(at) || source.others().containsKey(at)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the server answered 400 to this one request */
    private static boolean refusedRequest(IOException error) {
        return error.getCause() instanceof TurnstileException answer && answer.code() == 400;
    }

    /** @return the folders grouped by depth, the shallowest (or the deepest) first */
    private static List<List<String>> byDepth(List<String> folders, boolean deepestFirst) {
        TreeMap<Integer, List<String>> depths = new TreeMap<>();
        for (String folder : folders) {
            int depth = (int) folder.chars().filter(c -> c == '/').count();
            depths.computeIfAbsent(depth, d -> new ArrayList<>()).add(folder);
        }
        return new ArrayList<>((deepestFirst ? depths.descendingMap() : depths).values());
    }

    /**
     * Sends one depth's requests at once (pipelined), then waits for them before the next depth.
     *
     * @return {@code false} when the server has no such url: nothing more is sent
     */
    private boolean send(List<List<String>> depths, boolean make) throws IOException {
        for (List<String> depth : depths) {
            if (run.stopped() != null) {
                throw run.stopped();
            }
            Map<String, CompletableFuture<?>> sent = new TreeMap<>();
            for (String folder : depth) {
                sent.put(folder, make ? remote.makeFolder(folder, mode(folder)) : remote.removeFolder(folder));
            }
            for (Map.Entry<String, CompletableFuture<?>> each : sent.entrySet()) {
                IOException failure = failure(each.getValue());
                if (failure == null) {
                    continue;
                }
                if (failure instanceof NoFolderRequestsException || RemoteFolders.unknownUrl(failure)) {
                    return false;
                }
                // 409 and 404 name this one path, as a 400 does (a name the server will not take).
                boolean changed = failure instanceof RemoteFileChangedException || refusedRequest(failure);
                if (make && (changed || failure instanceof RemoteFileMissingException)) {
                    run.problem(each.getKey(), "cannot make the folder on the server: " + failure.getMessage());
                    continue;
                }
                if (!make && (changed || failure instanceof RemoteFileMissingException)) {
                    continue; // not empty, no longer a folder, or gone: it stays, as a local one does on a pull
                }
                run.stop(failure);
                throw failure;
            }
        }
        return true;
    }

    /** @return the local folder's bits masked by the umask, the owner's kept; or none where they cannot be read */
    private int mode(String folder) {
        try {
            int bits = PermissionBits.read(SyncPaths.local(root, folder));
            return bits == FileEntry.NO_MODE ? bits : bits & ~umask & 0777 | OWNER_ALL;
        } catch (IOException e) {
            return FileEntry.NO_MODE;
        }
    }

    private static IOException failure(CompletableFuture<?> future) throws InterruptedIOException {
        try {
            future.get();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while making the server's folders");
        } catch (ExecutionException e) {
            return RemoteFolders.typed(e.getCause());
        }
    }
}
