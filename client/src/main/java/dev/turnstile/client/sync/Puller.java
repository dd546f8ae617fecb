package dev.turnstile.client.sync;

import dev.turnstile.client.AttachmentSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Carries out a pull plan: deletions, modification times, then copies.
 *
 * <p><b>Copies.</b> The calling thread opens each file's {@link PartFile} and sends its chunk reads,
 * many files and chunks ahead, as the {@link Window} allows, each chunk as large as the folder
 * takes ({@link RemoteFolder#maxChunkBytes()}, asked again for every chunk: it grows once the
 * server is known to send raw chunks). The connection's reader thread writes each chunk's bytes
 * into the part file as they arrive, hashing them on the way ({@link RemoteFolder.ChunkTarget}):
 * no thread hands bytes to another. A file whose chunks show another version than expected, or
 * whose copy another program touched, is started again, up to {@link SyncOptions#attempts()} times.
 *
 * <p><b>Durability, in batches</b> (SPEC §8). A complete file goes to the finishers, a pool of
 * {@value #FINISHERS} threads: each forces its file's data to disk, checks it, and renames it into
 * place; with many forced at once the file system commits them together, so that many small files
 * do not wait for one another's flush. A large file is forced and recorded every
 * {@link SyncOptions#checkpointBytes()} by the same pool while it arrives, so its final flush is
 * short. Each folder that received a file is forced once, at the end, before the pull reports.
 * At most {@value #OPEN_FILES} part files are open at once.
 */
final class Puller {

    /** Threads that force, check and rename: measured, see docs/performance.md. */
    static final int FINISHERS = 16;
    /** Part files open at once (written, or waiting for their flush). */
    static final int OPEN_FILES = 256;

    private final RemoteFolder remote;
    private final Path root;
    private final SyncOptions options;
    private final SyncRun run;
    private final LocalHashes cache;
    private final OwnTemporaries temporaries;
    /** The paths named like the sync's temporary files that the scan of LOCAL_DIR found. */
    private final Set<String> leftovers;
    private final Window window;
    private final Semaphore openFiles = new Semaphore(OPEN_FILES);
    private final ExecutorService finishers = Executors.newFixedThreadPool(FINISHERS, runnable -> {
        Thread thread = new Thread(runnable, "turnstile-sync-finisher");
        thread.setDaemon(true);
        return thread;
    });
    /** Files that are over, and files to fetch again. */
    private final BlockingQueue<FileJob> settled = new LinkedBlockingQueue<>();
    private final ChangedFolders changedFolders = new ChangedFolders();
    /** The bits a new file gets here, the part files included: set otherwise only where they differ. */
    private final int newFileMode = 0666 & ~PermissionBits.localUmask();
    private ConflictCopies conflictCopies = ConflictCopies.NONE;
    private final BlockPull blocks;

    Puller(RemoteFolder remote, Path root, SyncOptions options, SyncRun run, LocalHashes cache,
            OwnTemporaries temporaries, Set<String> leftovers) {
        this.remote = remote;
        this.root = root;
        this.options = options;
        this.run = run;
        this.cache = cache;
        this.temporaries = temporaries;
        this.leftovers = leftovers;
        this.window = new Window(options.window());
        this.blocks = new BlockPull(remote, root, temporaries, run, finishers);
    }

    /** @return this, keeping the block hashes of the large files it puts in place, and using them (docs/clients.md) */
    Puller keepingBlocks(KeptBlocks kept) {
        blocks.keeping(kept);
        return this;
    }

    /** @return this, keeping the local version of files changed on both sides aside before replacing them */
    Puller keepingLocal(ConflictCopies copies) {
        this.conflictCopies = copies;
        return this;
    }

    /**
     * One file's transfer. The reader thread sets {@link #changedTo} and {@link #problem} while the
     * chunks come; {@link #outstanding} counts the reads in flight plus one held by the sending
     * thread until it has sent them all, and whoever brings it to zero settles the file.
     */
    private final class FileJob {
        final SyncPlan.Action action;
        final FileEntry expected;
        final int attempt;
        final AtomicInteger outstanding = new AtomicInteger(1);
        PartFile part;
        volatile FileEntry changedTo;
        volatile String problem;
        /** Whether to fetch the file again, once settled. */
        volatile boolean again;

        FileJob(SyncPlan.Action action, FileEntry expected, int attempt) {
            this.action = action;
            this.expected = expected;
            this.attempt = attempt;
        }

        String path() {
            return action.path();
        }
    }

    void run(SyncPlan plan, Set<String> sourceFolders) throws IOException {
        try {
            new LocalDeletions(root, run, cache, changedFolders).delete(plan, sourceFolders);
            for (SyncPlan.Action action : plan.actions(SyncPlan.Kind.TOUCH)) {
                touch(action);
            }
            copyAll(plan);
            blocks.keepAsked();
            blocks.tidyKept();
        } finally {
            finishers.shutdown();
            try {
                finishers.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            changedFolders.forceAll(FINISHERS);
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
            int wanted = PermissionBits.wanted(action.source(), action.target());
            if (wanted != FileEntry.NO_MODE && wanted != action.target().mode()) {
                PermissionBits.set(file, wanted);
            }
            cache.remember(action.path(), action.source().sha256());
            run.touched(action.path());
        } catch (IOException e) {
            run.problem(action.path(), "cannot set its modification time or permissions: " + e.getMessage());
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

    /** @return 1 when the settled file is over, 0 when it was started again */
    private int over(FileJob job) throws IOException {
        if (!job.again) {
            return 1;
        }
        FileEntry version = job.changedTo != null ? job.changedTo : job.expected;
        if (job.attempt >= options.attempts()) {
            run.problem(job.path(), job.changedTo != null ? "kept changing on the server during its transfer ("
                    + job.attempt + " attempts); not copied" : job.problem);
            return 1;
        }
        if (run.stopped() != null) {
            return 1;
        }
        return start(new FileJob(job.action, version, job.attempt + 1)) ? 0 : 1;
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
     * @return whether the file is now under way (it will be settled later)
     */
    private boolean start(FileJob job) throws IOException {
        String path = job.path();
        Path target = SyncPaths.local(root, path);
        String refusal = SyncPaths.prepareParents(root, target);
        if (refusal != null) {
            run.problem(path, refusal);
            return false;
        }
        boolean leftover = leftovers.contains(SyncPaths.remote(root, SyncPaths.part(target)))
                || leftovers.contains(SyncPaths.remote(root, SyncPaths.resume(target)));
        if (job.attempt == 1 && blocks.applies(job.expected, target, leftover)) {
            run.current(path);
            try {
                if (blocks.pull(job.expected, target, () -> conflictCopies.keepAside(path))) {
                    setModeAfterRename(job, target, newFileMode);
                    cache.remember(path, job.expected.sha256());
                    changedFolders.add(target.getParent());
                    run.copied(path);
                    return false;
                }
            } catch (BlockPull.Refused e) {
                run.problem(path, e.getMessage());
                return false;
            }
        }
        acquire(openFiles);
        try {
            job.part = PartFile.open(root, target, job.expected, options.checkpointBytes(), temporaries, finishers,
                    leftover);
        } catch (PartFile.NotOursException e) {
            openFiles.release();
            run.problem(path, e.getMessage());
            return false;
        } catch (IOException e) {
            openFiles.release();
            run.problem(path, "cannot write its temporary file: " + e.getMessage());
            return false;
        }
        run.current(path);
        run.resumed(job.part.resumedFrom());
        long size = job.expected.size();
        long offset = job.part.resumedFrom();
        while (offset < size && run.stopped() == null) {
            int length = (int) Math.min(remote.maxChunkBytes(), size - offset);
            window.acquire();
            job.outstanding.incrementAndGet();
            long at = offset;
            remote.read(path, at, length, (file, count) -> target(job, at, length, file, count))
                    .whenComplete((file, failure) -> {
                        try {
                            received(job, failure);
                        } finally {
                            window.release();
                        }
                    });
            offset += length;
        }
        // The sending thread's own count: the file settles once it is given back and every read is answered.
        if (job.outstanding.decrementAndGet() == 0) {
            settle(job);
        }
        return true;
    }

    /** On the reader thread, for each chunk's answer: where its bytes go, if anywhere. */
    private AttachmentSink target(FileJob job, long offset, int length, FileEntry file, long count) {
        if (job.problem != null || job.changedTo != null) {
            return null;
        }
        if (!file.sameVersion(job.expected)) {
            job.changedTo = file;
            return null;
        }
        if (count != length) {
            job.problem = "the server sent " + count + " bytes at offset " + offset + " where " + length
                    + " were asked for";
            return null;
        }
        String refused;
        try {
            refused = job.part.beginChunk(offset);
        } catch (IOException e) {
            job.problem = "cannot look at its temporary file: " + e.getMessage();
            return null;
        }
        if (refused != null) {
            job.problem = refused;
            job.again = true;
            return null;
        }
        long[] left = {count};
        return piece -> {
            if (job.problem != null) {
                return;
            }
            int bytes = piece.remaining();
            try {
                job.part.write(piece);
                left[0] -= bytes;
                if (left[0] == 0) {
                    job.part.endChunk();
                }
            } catch (IOException e) {
                job.problem = "cannot write its temporary file: " + e.getMessage();
                return;
            }
            run.transferred(bytes);
        };
    }

    /** When a chunk's read is over, on whichever thread completed it. */
    private void received(FileJob job, Throwable failure) {
        if (failure != null && job.problem == null && job.changedTo == null) {
            IOException error = RemoteFolders.typed(failure);
            if (error instanceof RemoteFileMissingException) {
                job.problem = "vanished from the server during the transfer";
            } else {
                run.stop(error);
            }
        }
        if (job.outstanding.decrementAndGet() == 0) {
            settle(job);
        }
    }

    /** Once nothing more is expected for a file: it is finished, fetched again, reported or kept for later. */
    private void settle(FileJob job) {
        if (job.changedTo != null) {
            job.part.abandon();
            openFiles.release();
            job.again = true;
            settled.add(job);
            return;
        }
        if (job.problem != null) {
            job.part.abandon();
            openFiles.release();
            if (!job.again) {
                run.problem(job.path(), job.problem);
            }
            settled.add(job);
            return;
        }
        if (!job.part.isComplete()) {
            // The run stopped before every chunk came: keep what came, for the next run.
            job.part.suspend(() -> {
                openFiles.release();
                settled.add(job);
            });
            return;
        }
        String mismatch = job.part.verify();
        if (mismatch != null) {
            // A raw chunk's bytes are read by the server after its line was sent: the file may have
            // changed in between, which only the whole file's hash shows.
            job.part.abandon();
            openFiles.release();
            job.problem = mismatch;
            job.again = true;
            settled.add(job);
            return;
        }
        job.part.afterFlushes(() -> {
            try {
                finish(job);
            } finally {
                openFiles.release();
                settled.add(job);
            }
        });
    }

    /** On a finisher: forces, checks and renames a complete file. */
    private void finish(FileJob job) {
        String path = job.path();
        Path target = SyncPaths.local(root, path);
        try {
            String kept = conflictCopies.keepAside(path);
            if (kept != null) {
                job.part.abandon();
                run.problem(path, kept);
                return;
            }
            String refused = job.part.finish();
            if (refused != null) {
                job.problem = refused;
                job.again = !refused.startsWith("a folder");
                if (!job.again) {
                    run.problem(path, refused);
                }
                return;
            }
            setModeAfterRename(job, target, newFileMode);
            cache.remember(path, job.expected.sha256());
            blocks.copiedWhole(job.expected);
            changedFolders.add(target.getParent());
            run.copied(path);
        } catch (IOException e) {
            job.part.abandon();
            run.problem(path, "cannot put it in place: " + e.getMessage());
        }
    }

    /**
     * Gives the file in place the permission bits it should have, when they are not those of a new
     * file ({@code created}). After the rename: a part file whose look changed before it is taken
     * for another program's.
     */
    private static void setModeAfterRename(FileJob job, Path target, int created) throws IOException {
        int wanted = PermissionBits.wanted(job.action.source(), job.action.target());
        if (wanted != FileEntry.NO_MODE && wanted != created) {
            PermissionBits.set(target, wanted);
        }
    }

    private static void acquire(Semaphore semaphore) throws InterruptedIOException {
        try {
            semaphore.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for files to be finished");
        }
    }
}
