package dev.turnstile.client.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;

/**
 * The deletions of a pull: files the plan deletes (never a folder that took a file's place since
 * the listing), then the folders that are left empty and that the source lacks, up to LOCAL_DIR;
 * each folder whose entries changed is noted for the final flush.
 */
final class LocalDeletions {

    private final Path root;
    private final SyncRun run;
    private final LocalHashes cache;
    private final ChangedFolders changed;

    LocalDeletions(Path root, SyncRun run, LocalHashes cache, ChangedFolders changed) {
        this.root = root;
        this.run = run;
        this.cache = cache;
        this.changed = changed;
    }

    /**
     * Deletes the plan's deletions, then the folders they (or a copy's obstacle) left empty that
     * the source does not have, deepest first.
     *
     * @param sourceFolders the folders the source has, which stay even when empty
     */
    void delete(SyncPlan plan, Set<String> sourceFolders) {
        Set<Path> emptied = new TreeSet<>((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()) != 0
                ? Integer.compare(b.getNameCount(), a.getNameCount()) : a.compareTo(b));
        for (SyncPlan.Action action : plan.actions(SyncPlan.Kind.DELETE)) {
            Path file = SyncPaths.local(root, action.path());
            try {
                BasicFileAttributes attributes = SyncPaths.attributes(file);
                if (attributes != null && attributes.isDirectory()) {
                    run.problem(action.path(), "became a folder since it was listed; not deleted");
                    continue;
                }
                Files.deleteIfExists(file);
                cache.forget(action.path());
                changed.add(file.getParent());
                emptied.add(file.getParent());
                run.deleted(action.path());
            } catch (IOException e) {
                run.problem(action.path(), "cannot delete it: " + e.getMessage());
            }
        }
        for (SyncPlan.Action action : plan.actions(SyncPlan.Kind.COPY)) {
            // A folder standing where the source has a file goes, once the deletions emptied it
            // (the plan names such an obstacle; a plain copy has none to look for).
            if (action.reason() != null) {
                emptied.add(SyncPaths.local(root, action.path()));
            }
        }
        removeEmptied(emptied, sourceFolders);
    }

    /** Removes folders the source lacks once they are empty, deepest first, up to LOCAL_DIR. */
    private void removeEmptied(Set<Path> candidates, Set<String> sourceFolders) {
        Deque<Path> queue = new ArrayDeque<>(candidates);
        while (!queue.isEmpty()) {
            Path folder = queue.poll();
            if (folder.equals(root) || !folder.startsWith(root)) {
                continue;
            }
            if (sourceFolders.contains(SyncPaths.remote(root, folder))) {
                continue;
            }
            try {
                BasicFileAttributes attributes = SyncPaths.attributes(folder);
                if (attributes == null || !attributes.isDirectory()) {
                    continue;
                }
                try (var entries = Files.list(folder)) {
                    if (entries.findAny().isPresent()) {
                        continue;
                    }
                }
                Files.delete(folder);
                changed.add(folder.getParent());
                queue.add(folder.getParent());
            } catch (IOException e) {
                // Not empty after all, or not ours to remove: it stays.
            }
        }
    }
}
