package dev.turnstile.client.sync;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The folders whose entries a pull changed (a file renamed in or deleted, a folder removed): each
 * is forced to disk once, at the end, before the pull reports (SPEC §8), several at once.
 *
 * <p>Thread-safe: the finishers add as they rename.
 */
final class ChangedFolders {

    private final Set<Path> folders = new TreeSet<>();

    synchronized void add(Path folder) {
        folders.add(folder);
    }

    /** Forces every folder, {@code threads} at a time; waits until all are done. */
    void forceAll(int threads) {
        List<Path> all;
        synchronized (this) {
            all = new ArrayList<>(folders);
        }
        if (all.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, all.size()), runnable -> {
            Thread thread = new Thread(runnable, "turnstile-sync-folders");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> forced = new ArrayList<>();
            for (Path folder : all) {
                forced.add(pool.submit(() -> LocalDisk.forceFolder(folder)));
            }
            for (Future<?> future : forced) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // forceFolder reports nothing: a folder that cannot be forced is skipped.
        } finally {
            pool.shutdown();
        }
    }
}
