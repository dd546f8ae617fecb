package dev.turnstile.client.sync;

import dev.turnstile.filemodel.FileStat;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A block-level update of a large file that changed in place (docs/clients.md, "Block-level
 * updates"): the server's block hashes ({@link RemoteFolder#blocks}) are compared with the local
 * copy's; the blocks that match are copied from the old copy into the part file, the others are
 * fetched (runs of them coalesced into reads of up to {@value #FETCH_BYTES} bytes,
 * {@value #FETCHES} in flight). The whole file's SHA-256 is checked before the rename, as for any
 * pulled file.
 *
 * <p><b>Which blocks match</b> ({@link BlockRuns}): when the block hashes of the old copy were kept
 * after it was pulled ({@link KeptBlocks}) and it still looks as it did then, from them, without
 * reading it; else by reading it once and hashing each block. <b>The part file</b>
 * ({@link BlockAssembler}, a second thread): matching runs copied by the kernel, fetched blocks
 * written, in order, then the part file read once and hashed whole. Every {@value #FORCE_BYTES}
 * bytes the part file is forced on the flusher while the writing goes on, so that the flush before
 * the rename (SPEC §8) is short. Afterwards the server's list is kept as the new copy's.
 *
 * <p>Anything unexpected (the server keeps no block hashes, the file changed on the server, the
 * local copy changed while read, a part file already there) gives up quietly, deleting the part
 * file it made: the file is then copied whole, which reports every problem as usual. A try from
 * kept hashes that fails is made once more the reading way first, and the kept hashes forgotten.
 */
final class BlockPull {

    /** Files of this size or more are updated block by block: the server keeps their block hashes. */
    static final long FROM_BYTES = 4L << 20;
    /** Bytes of the local file read at once. */
    static final int READ_BYTES = 1 << 20;
    /** The largest read of differing blocks. */
    static final int FETCH_BYTES = 1 << 20;
    /** Reads of differing blocks in flight. */
    static final int FETCHES = 16;
    /**
     * Bytes written between two flushes of the part file, on the flusher while the writing goes on:
     * the disk writes them back meanwhile, and the last flush before the rename has little left.
     */
    static final long FORCE_BYTES = 64L << 20;

    private final RemoteFolder remote;
    private final Path root;
    private final OwnTemporaries temporaries;
    private final SyncRun run;
    /** Where the part file is forced while it is written. */
    private final Executor flusher;
    /** Set once the server shows it keeps no block hashes: every later file is copied whole. */
    private volatile boolean unsupported;
    private KeptBlocks kept = KeptBlocks.NONE;
    /** The block hashes asked for after whole copies ({@link #copiedWhole}); guarded by {@link #answers}. */
    private final List<CompletableFuture<Void>> asking = new ArrayList<>();
    private final List<Answer> answers = new ArrayList<>();

    BlockPull(RemoteFolder remote, Path root, OwnTemporaries temporaries, SyncRun run, Executor flusher) {
        this.remote = remote;
        this.root = root;
        this.temporaries = temporaries;
        this.run = run;
        this.flusher = flusher;
    }

    /**
     * @param leftovers whether the scan found a temporary file of the target's (then it is
     *     resumed, not rebuilt)
     * @return whether the target is worth updating block by block: both copies are large
     */
    boolean applies(FileEntry source, Path target, boolean leftovers) throws IOException {
        if (unsupported || leftovers || source.size() < FROM_BYTES) {
            return false;
        }
        BasicFileAttributes local = SyncPaths.attributes(target);
        return local != null && local.isRegularFile() && local.size() >= FROM_BYTES;
    }

    /** What runs right before the part file replaces the target. */
    @FunctionalInterface
    interface BeforeRename {
        /** @return {@code null} to go on, else why the target must not be replaced */
        String refusal() throws IOException;
    }

    /** The target must not be replaced: {@link BeforeRename} said why. */
    static final class Refused extends IOException {
        Refused(String why) {
            super(why);
        }
    }

    /** @return this, keeping the block hashes of the files it puts in place in {@code kept}, and using them */
    BlockPull keeping(KeptBlocks kept) {
        this.kept = kept;
        return this;
    }

    /**
     * Updates the target to the source, reusing its blocks that match: those the block hashes kept
     * of it say match, when it still looks as it did when they were kept; else those whose hashes,
     * read now, match.
     *
     * @param beforeRename run once the part file holds the source, right before its rename over
     *     the target (a pull keeps a conflict copy of the local version there); it returns
     *     {@code null} to go on, else why the target must not be replaced
     * @return {@code true} when the target now holds the source (renamed into place, its data
     *     forced; its folder is the caller's to force), {@code false} when it is untouched and is
     *     to be copied whole
     * @throws Refused when {@code beforeRename} refused: the target is untouched and must not be
     *     copied whole either
     */
    boolean pull(FileEntry source, Path target, BeforeRename beforeRename) throws IOException {
        BlockList blocks = blocksOf(source);
        if (blocks == null) {
            return false;
        }
        BlockList old = kept.lookup(KeptBlocks.look(root, source.path()));
        if (old != null && old.blockBytes() == blocks.blockBytes()) {
            if (attempt(blocks, target, old, beforeRename)) {
                return true;
            }
            // The kept hashes did not describe the old copy after all (or anything else went wrong):
            // they are forgotten, and the old copy is read.
            kept.forget(source.path());
            if (run.stopped() != null) {
                return false;
            }
        }
        return attempt(blocks, target, null, beforeRename);
    }

    /**
     * One try at the update.
     *
     * @param old the kept hashes of the old copy, or {@code null} to read and hash it
     * @return whether the target now holds the source; when not, it is untouched
     */
    private boolean attempt(BlockList blocks, Path target, BlockList old, BeforeRename beforeRename)
            throws IOException {
        FileEntry source = blocks.file();
        Path part = SyncPaths.part(target);
        String partPath = SyncPaths.remote(root, part);
        FileChannel out;
        try {
            out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        boolean done = false;
        try (out) {
            temporaries.created(partPath);
            FileStat written;
            try (FileChannel in = FileChannel.open(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                written = assemble(blocks, old, in, out, part, partPath);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                return false; // the local copy cannot be read as a whole: it is replaced by a whole copy
            }
            if (written == null || run.stopped() != null) {
                return false;
            }
            out.force(false);
            if (!written.equals(FileStat.read(partPath, part))) {
                return false; // another program wrote into the sync's temporary file
            }
            Files.getFileAttributeView(part, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.fromMillis(source.mtimeMillis()), null, null);
            String refused = beforeRename.refusal();
            if (refused != null) {
                throw new Refused(refused);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporaries.removed(partPath);
            done = true;
            keepQuietly(blocks, KeptBlocks.look(root, source.path()));
            return true;
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
                temporaries.removed(partPath);
            }
        }
    }

    /** @return the part file's look after its last byte was written, or {@code null} when it is not the source */
    private FileStat assemble(BlockList blocks, BlockList old, FileChannel in, FileChannel out, Path part,
            String partPath) throws IOException {
        BlockingQueue<BlockAssembler.Segment> segments = new LinkedBlockingQueue<>();
        BlockAssembler assembler = new BlockAssembler(segments, in, out, part, partPath, run, flusher);
        BlockRuns runs = new BlockRuns(blocks, remote, segments, () -> assembler.failed() || run.stopped() != null);
        Thread thread = new Thread(assembler, "turnstile-sync-blocks");
        thread.setDaemon(true);
        thread.start();
        try {
            if (old != null) {
                runs.fromKept(old);
            } else {
                runs.fromOldCopy(in);
            }
        } finally {
            segments.add(BlockAssembler.END);
            join(thread);
        }
        return assembler.result(blocks.file());
    }

    /**
     * After a file of {@link #FROM_BYTES} or more was copied whole: asks for its block hashes, to be
     * kept with the file's look now once they come ({@link #keepAsked}), so that its next update
     * need not hash the old copy. One {@code /get_blocks} costs far less than the block pass it
     * spares (docs/performance.md).
     */
    void copiedWhole(FileEntry source) {
        if (kept == KeptBlocks.NONE || unsupported || source.size() < FROM_BYTES) {
            return;
        }
        FileStat look;
        try {
            look = KeptBlocks.look(root, source.path());
        } catch (IOException e) {
            return; // none kept for it
        }
        if (look == null) {
            return;
        }
        CompletableFuture<Void> asked = remote.blocks(source.path()).handle((blocks, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
                if (!(cause instanceof RemoteFileChangedException || cause instanceof RemoteFileMissingException)) {
                    unsupported = true; // as in blocksOf: not asked again this run
                }
            } else if (blocks.file().sameVersion(source) && blocks.file().sha256().equals(source.sha256())) {
                synchronized (answers) {
                    answers.add(new Answer(blocks, look));
                }
            }
            return null;
        });
        synchronized (answers) {
            asking.add(asked);
        }
    }

    /** Waits for the block hashes asked for after whole copies, and keeps those of files that still look the same. */
    void keepAsked() throws InterruptedIOException {
        List<CompletableFuture<Void>> waiting;
        synchronized (answers) {
            waiting = new ArrayList<>(asking);
            asking.clear();
        }
        for (CompletableFuture<Void> asked : waiting) {
            try {
                asked.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for block hashes");
            } catch (ExecutionException e) {
                // None kept for that file: its next update reads the old copy.
            }
        }
        List<Answer> arrived;
        synchronized (answers) {
            arrived = new ArrayList<>(answers);
            answers.clear();
        }
        for (Answer answer : arrived) {
            try {
                if (answer.look().equals(KeptBlocks.look(root, answer.blocks().file().path()))) {
                    keepQuietly(answer.blocks(), answer.look());
                }
            } catch (IOException e) {
                // Not kept.
            }
        }
    }

    /** Removes the kept hashes of files that are gone or no longer large (docs/clients.md). */
    void tidyKept() {
        try {
            kept.retain(path -> {
                try {
                    FileStat now = KeptBlocks.look(root, path);
                    return now != null && now.size() >= FROM_BYTES;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            // Tidied after the next pull; what is kept is checked against the file before use anyway.
        }
    }

    /** Block hashes that came after a whole copy, and the file's look right after it was put in place. */
    private record Answer(BlockList blocks, FileStat look) {
    }

    private void keepQuietly(BlockList blocks, FileStat look) {
        try {
            kept.keep(blocks, look);
        } catch (IOException e) {
            // Not kept: the next update of this file reads the old copy, as without a state folder.
        }
    }

    /** @return the source's block hashes, or {@code null} when there are none for this version */
    private BlockList blocksOf(FileEntry source) throws InterruptedIOException {
        BlockList blocks = BlocksCall.awaited(remote.blocks(source.path()), () -> unsupported = true);
        return blocks != null && blocks.file().sameVersion(source) ? blocks : null;
    }

    private static void join(Thread thread) throws InterruptedIOException {
        try {
            thread.join();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during a block-level update");
        }
    }
}
