package dev.turnstile.client.sync;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes a pull's local folders those of the server, as rsync {@code -a} does: every folder the
 * server lists is made (empty ones included), and with {@code --delete} an empty local folder the
 * server does not have is removed. Runs after the files are in place, so that a folder the pull
 * emptied is seen empty. Nothing is followed: a folder is made only below real folders
 * ({@link SyncPaths#prepareParents}), and a folder that holds anything at all (a file the sync
 * left alone, a link) is never removed.
 */
final class LocalFolders {

    private final Path root;
    private final SyncRun run;

    LocalFolders(Path root, SyncRun run) {
        this.root = root;
        this.run = run;
    }

    /**
     * @param source the server's side: its folders, and the paths it refused (never touched here)
     * @param local the folders LOCAL_DIR held before the pull
     * @param delete whether to remove the empty local folders the server does not have; only when
     *     the server lists its folders, else a folder it lacks is not known to be gone
     */
    void mirror(SyncPlan.Side source, Collection<String> local, boolean delete) {
        Set<Path> changed = new TreeSet<>();
        // The folders above a file were made (or their obstacle reported) with the file.
        Set<String> aboveFiles = RemoteListing.parents(source.files().keySet());
        for (String folder : source.folders()) {
            if (aboveFiles.contains(folder)) {
                continue;
            }
            Path made = SyncPaths.local(root, folder);
            try {
                BasicFileAttributes attributes = SyncPaths.attributes(made);
                if (attributes != null && attributes.isDirectory()) {
                    continue;
                }
                String refusal = SyncPaths.prepareParents(root, made.resolve("child"));
                if (refusal != null) {
                    run.problem(folder, refusal);
                } else {
                    changed.add(made.getParent());
                }
            } catch (IOException e) {
                run.problem(folder, "cannot make the folder: " + e.getMessage());
            }
        }
        if (delete) {
            removeGone(source, local, changed);
        }
        changed.forEach(LocalDisk::forceFolder);
    }

    /** Removes the empty local folders the source lacks, deepest first. */
    private void removeGone(SyncPlan.Side source, Collection<String> local, Set<Path> changed) {
        List<String> deepestFirst = new ArrayList<>(local);
        deepestFirst.sort((a, b) -> b.compareTo(a));
        for (String folder : deepestFirst) {
            if (source.folders().contains(folder) || refusedAtOrAbove(source, folder)) {
                continue;
            }
            Path gone = SyncPaths.local(root, folder);
            try {
                BasicFileAttributes attributes = SyncPaths.attributes(gone);
                if (attributes == null || !attributes.isDirectory()) {
                    continue;
                }
                Files.delete(gone);
                changed.add(gone.getParent());
            } catch (DirectoryNotEmptyException e) {
                // It holds something the sync left alone: it stays.
            } catch (IOException e) {
                run.problem(folder, "cannot remove the folder: " + e.getMessage());
            }
        }
    }

    /** @return whether the source refused the folder or a folder above it: it is not known to be gone */
    private static boolean refusedAtOrAbove(SyncPlan.Side source, String folder) {
        for (String at = folder; !at.isEmpty(); at = at.substring(0, Math.max(0, at.lastIndexOf('/')))) {
            if (source.refused().containsKey(at)) {
                return true;
            }
        }
        return false;
    }
}
