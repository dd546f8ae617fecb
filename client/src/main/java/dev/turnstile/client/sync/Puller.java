package dev.turnstile.client.sync;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Carries out a pull plan: deletions, modification times, then copies. The calling thread sends
 * chunk reads, many files and chunks ahead, as the {@link Window} allows; one writer thread writes
 * each answer into its file's {@link PartFile}, so that disk work never holds up the connection's
 * reader thread, and a few finisher threads verify, force and rename the complete files. A file whose chunks show another version than expected is
 * started again with that version, up to {@link SyncOptions#attempts()} times.
 */
final class Puller {

    private static final int FINISHERS = 8;

    private final RemoteFolder remote;
    private final Path root;
    private final SyncOptions options;
    private final SyncRun run;
    private final LocalHashes cache;
    private final OwnTemporaries temporaries;
    private final Window window;
    private final int chunkBytes;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "turnstile-sync-writer");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * Verifies, forces and renames complete files. Forcing a file to disk waits on the device
     * (milliseconds each); several at once let the file system commit them together, so that
     * many small files do not queue behind one another's fsync, nor hold up the writer.
     */
    private final ExecutorService finisher = Executors.newFixedThreadPool(FINISHERS, runnable -> {
        Thread thread = new Thread(runnable, "turnstile-sync-finisher");
        thread.setDaemon(true);
        return thread;
    });
    /** Files the writer has settled, and files it hands back to be fetched again. */
    private final BlockingQueue<FileJob> settled = new LinkedBlockingQueue<>();
    private final Set<Path> dirtyFolders = new TreeSet<>();

    Puller(RemoteFolder remote, Path root, SyncOptions options, SyncRun run, LocalHashes cache,
            OwnTemporaries temporaries) {
        this.remote = remote;
        this.root = root;
        this.options = options;
        this.run = run;
        this.cache = cache;
        this.temporaries = temporaries;
        this.window = new Window(options.window());
        this.chunkBytes = remote.maxChunkBytes();
    }

    /**
     * One file's transfer. {@link #start} sets {@code pending} and {@code allSent} before it
     * sends the first read; after that, the fields are touched only by the writer thread.
     */
    private final class FileJob {
        final SyncPlan.Action action;
        final FileEntry expected;
        final int attempt;
        PartFile part;
        int pending;
        boolean allSent;
        FileEntry changedTo;
        String problem;
        boolean settledOk;

        FileJob(SyncPlan.Action action, FileEntry expected, int attempt) {
            this.action = action;
            this.expected = expected;
            this.attempt = attempt;
        }
    }

    void run(SyncPlan plan, Set<String> sourceFolders) throws IOException {
        try {
            deleteAll(plan, sourceFolders);
            for (SyncPlan.Action action : plan.actions(SyncPlan.Kind.TOUCH)) {
                touch(action);
            }
            copyAll(plan);
        } finally {
            // The writer may still be settling files when the run stopped early; then the finishers.
            awaitShutdown(writer);
            awaitShutdown(finisher);
            for (Path folder : dirtyFolders) {
                LocalDisk.forceFolder(folder);
            }
        }
    }

    private static void awaitShutdown(ExecutorService executor) {
        executor.shutdown();
        try {
            executor.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteAll(SyncPlan plan, Set<String> sourceFolders) {
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
                dirtyFolders.add(file.getParent());
                emptied.add(file.getParent());
                run.deleted(action.path());
            } catch (IOException e) {
                run.problem(action.path(), "cannot delete it: " + e.getMessage());
            }
        }
        for (SyncPlan.Action action : plan.actions(SyncPlan.Kind.COPY)) {
            // A folder standing where the source has a file goes, once the deletions emptied it.
            Path target = SyncPaths.local(root, action.path());
            emptied.add(target);
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
                dirtyFolders.add(folder.getParent());
                queue.add(folder.getParent());
            } catch (IOException e) {
                // Not empty after all, or not ours to remove: it stays.
            }
        }
    }

    private void touch(SyncPlan.Action action) {
        Path file = SyncPaths.local(root, action.path());
        try {
            BasicFileAttributes attributes = SyncPaths.attributes(file);
            if (attributes == null || !attributes.isRegularFile() || attributes.size() != action.source().size()) {
                run.problem(action.path(), "changed locally during the sync; not touched");
                return;
            }
            Files.getFileAttributeView(file, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.fromMillis(action.source().mtimeMillis()), null, null);
            cache.remember(action.path(), action.source().sha256());
            run.touched(action.path());
        } catch (IOException e) {
            run.problem(action.path(), "cannot set its modification time: " + e.getMessage());
        }
    }

    private void copyAll(SyncPlan plan) throws IOException {
        int open = 0;
        for (SyncPlan.Action action : plan.actions(SyncPlan.Kind.COPY)) {
            if (run.stopped() != null) {
                break;
            }
            if (start(new FileJob(action, action.source(), 1))) {
                open++;
            }
            for (FileJob job = settled.poll(); job != null; job = settled.poll()) {
                open -= over(job);
            }
        }
        while (open > 0) {
            open -= over(take());
        }
        window.drain();
        if (run.stopped() != null) {
            throw run.stopped();
        }
    }

    /** @return 1 when the settled file is over, 0 when it was started again at another version */
    private int over(FileJob job) throws IOException {
        if (job.changedTo != null && run.stopped() == null
                && start(new FileJob(job.action, job.changedTo, job.attempt + 1))) {
            return 0;
        }
        return 1;
    }

    private FileJob take() throws InterruptedIOException {
        try {
            return settled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for answers");
        }
    }

    /**
     * Opens a file's temporary copy and sends its chunk reads.
     *
     * @return whether the file is now in the writer's hands (it will be settled later)
     */
    private boolean start(FileJob job) throws IOException {
        String path = job.action.path();
        Path target = SyncPaths.local(root, path);
        String refusal = SyncPaths.prepareParents(root, target);
        if (refusal != null) {
            run.problem(path, refusal);
            return false;
        }
        try {
            job.part = PartFile.open(root, target, job.expected, options.checkpointBytes(), temporaries);
        } catch (PartFile.NotOursException e) {
            run.problem(path, e.getMessage());
            return false;
        } catch (IOException e) {
            run.problem(path, "cannot write its temporary file: " + e.getMessage());
            return false;
        }
        run.current(path);
        run.resumed(job.part.resumedFrom());
        long size = job.expected.size();
        long offset = job.part.resumedFrom();
        int chunks = (int) ((size - offset + chunkBytes - 1) / chunkBytes);
        // Counted before the first read is sent, and so before the writer sees the job: most
        // files are one chunk, and each hand-off to the writer wakes it.
        job.pending = chunks;
        job.allSent = true;
        int sent = 0;
        while (sent < chunks && run.stopped() == null) {
            int length = (int) Math.min(chunkBytes, size - offset);
            window.acquire();
            long at = offset;
            remote.read(path, at, length).whenCompleteAsync((chunk, failure) -> {
                try {
                    job.pending--;
                    received(job, at, length, chunk, failure);
                } finally {
                    window.release();
                }
            }, writer);
            offset += length;
            sent++;
        }
        if (sent < chunks || chunks == 0) {
            // Stopped early, or nothing to fetch: no answer will settle the file, so this does.
            int unsent = chunks - sent;
            writer.execute(() -> {
                job.pending -= unsent;
                settleIfDone(job);
            });
        }
        return true;
    }

    private void received(FileJob job, long offset, int length, Chunk chunk, Throwable failure) {
        if (job.problem != null || job.changedTo != null) {
            settleIfDone(job);
            return;
        }
        if (failure != null) {
            IOException error = RemoteFolders.typed(failure);
            if (error instanceof RemoteFileMissingException) {
                job.problem = "vanished from the server during the transfer";
            } else {
                run.stop(error);
            }
        } else if (!chunk.file().sameVersion(job.expected)) {
            job.changedTo = chunk.file();
        } else if (chunk.data().length != length) {
            job.problem = "the server sent " + chunk.data().length + " bytes at offset " + offset + " where "
                    + length + " were asked for";
        } else {
            try {
                job.part.write(offset, chunk.data());
                run.transferred(chunk.data().length);
            } catch (IOException e) {
                job.problem = "cannot write its temporary file: " + e.getMessage();
            }
        }
        settleIfDone(job);
    }

    /** Runs on the writer once nothing more is expected for a file. */
    private void settleIfDone(FileJob job) {
        if (!job.allSent || job.pending > 0 || job.settledOk) {
            return;
        }
        job.settledOk = true;
        String path = job.action.path();
        if (job.changedTo != null) {
            job.part.abandon();
            if (job.attempt >= options.attempts()) {
                run.problem(path, "kept changing on the server during its transfer (" + job.attempt
                        + " attempts); not copied");
                job.changedTo = null;
            }
        } else if (job.problem != null) {
            job.part.abandon();
            run.problem(path, job.problem);
        } else if (job.part.isComplete()) {
            finisher.execute(() -> {
                finish(job);
                settled.add(job);
            });
            return;
        } else {
            // The run stopped before every chunk came: keep what came, for the next run.
            job.part.suspend();
        }
        settled.add(job);
    }

    private void finish(FileJob job) {
        String path = job.action.path();
        Path target = SyncPaths.local(root, path);
        try {
            String mismatch = job.part.finish();
            if (mismatch != null) {
                if (job.attempt < options.attempts()) {
                    job.changedTo = job.expected;
                } else {
                    run.problem(path, mismatch);
                }
                return;
            }
            cache.remember(path, job.expected.sha256());
            synchronized (dirtyFolders) {
                dirtyFolders.add(target.getParent());
            }
            run.copied(path);
        } catch (IOException e) {
            job.part.abandon();
            run.problem(path, "cannot put it in place: " + e.getMessage());
        }
    }
}
