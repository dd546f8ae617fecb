package dev.turnstile.client.sync;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
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
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * A block-level update of a large file that changed in place (docs/clients.md, "Block-level
 * updates"): the server's block hashes ({@link RemoteFolder#blocks}) are compared with the local
 * copy's, computed while it is read; the blocks that match are written from that read into the
 * part file, the others are fetched (runs of them coalesced into reads of up to
 * {@value #FETCH_BYTES} bytes, {@value #FETCHES} in flight). The whole file's SHA-256 is checked
 * before the rename, as for any pulled file.
 *
 * <p><b>One read, one write.</b> The calling thread reads the local file once, in order, and hashes
 * each block; a second thread (the {@link BlockAssembler}) writes the part file in order, from the
 * bytes just read or just fetched, and hashes the whole file as it goes. Nothing is read twice,
 * and the two hashes run on two cores. Every {@value #FORCE_BYTES} bytes the part file is forced on
 * the flusher while the writing goes on, so that the flush before the rename (SPEC §8) is short.
 *
 * <p>Anything unexpected (the server keeps no block hashes, the file changed on the server, the
 * local copy changed while read, a part file already there) gives up quietly, deleting the part
 * file it made: the file is then copied whole, which reports every problem as usual.
 */
final class BlockPull {

    /** Files of this size or more are updated block by block: the server keeps their block hashes. */
    static final long FROM_BYTES = 4L << 20;
    /** Bytes of the local file read at once. */
    static final int READ_BYTES = 1 << 20;
    /** Read buffers: how far the local read may run ahead of the part file's writes. */
    static final int BUFFERS = 16;
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

    /**
     * Updates the target to the source, reusing its blocks that match.
     *
     * @return {@code true} when the target now holds the source (renamed into place, its data
     *     forced; its folder is the caller's to force), {@code false} when it is untouched and is
     *     to be copied whole
     */
    boolean pull(FileEntry source, Path target) throws IOException {
        BlockList blocks = blocksOf(source);
        if (blocks == null) {
            return false;
        }
        Path part = SyncPaths.part(target);
        String partPath = SyncPaths.remote(root, part);
        FileChannel out;
        try {
            out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        boolean done = false;
        try (out) {
            temporaries.created(partPath);
            FileStat written;
            try (FileChannel in = FileChannel.open(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                written = new Assembly(blocks, in, out, part, partPath).run();
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
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporaries.removed(partPath);
            done = true;
            return true;
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
                temporaries.removed(partPath);
            }
        }
    }

    /** @return the source's block hashes, or {@code null} when there are none for this version */
    private BlockList blocksOf(FileEntry source) throws InterruptedIOException {
        try {
            BlockList blocks = remote.blocks(source.path()).get();
            return blocks.file().sameVersion(source) ? blocks : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for block hashes");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (!(cause instanceof RemoteFileChangedException || cause instanceof RemoteFileMissingException)) {
                // An older server, or one that refuses: not asked again this run.
                unsupported = true;
            }
            return null;
        }
    }

    /** One file's update: the reading thread's side, and the {@link BlockAssembler} it starts. */
    private final class Assembly {
        private final BlockList blocks;
        private final FileEntry source;
        private final FileChannel in;
        private final BlockingQueue<ByteBuffer> pool;
        private final BlockingQueue<BlockAssembler.Segment> segments = new LinkedBlockingQueue<>();
        private final Semaphore fetches = new Semaphore(FETCHES);
        private final BlockAssembler assembler;
        private final int perBuffer;

        Assembly(BlockList blocks, FileChannel in, FileChannel out, Path part, String partPath) {
            this.blocks = blocks;
            this.source = blocks.file();
            this.in = in;
            this.perBuffer = Math.max(1, READ_BYTES / blocks.blockBytes());
            this.pool = new ArrayBlockingQueue<>(BUFFERS);
            for (int i = 0; i < BUFFERS; i++) {
                pool.add(ByteBuffer.allocate(perBuffer * blocks.blockBytes()));
            }
            this.assembler = new BlockAssembler(segments, pool, out, part, partPath, run, flusher);
        }

        /** @return the part file's look after its last byte was written, or {@code null} when it is not the source */
        FileStat run() throws IOException {
            Thread thread = new Thread(assembler, "turnstile-sync-blocks");
            thread.setDaemon(true);
            thread.start();
            try {
                read();
            } finally {
                segments.add(BlockAssembler.END);
                join(thread);
            }
            return assembler.result(source);
        }

        private void read() throws IOException {
            MessageDigest sha = Sha256.digest();
            byte[] hash = new byte[BlockList.HASH_BYTES];
            long runStart = -1;
            long runEnd = -1;
            for (int first = 0; first < blocks.count(); first += perBuffer) {
                if (assembler.failed() || run.stopped() != null) {
                    return;
                }
                ByteBuffer buffer = take(pool);
                long at = blocks.offset(first);
                int have = readAt(buffer, at, (int) Math.min(buffer.capacity(), source.size() - at));
                byte[] bytes = buffer.array();
                int copyFrom = -1;
                int copyTo = -1;
                for (int i = first; i < Math.min(blocks.count(), first + perBuffer); i++) {
                    int from = (int) (blocks.offset(i) - at);
                    int length = blocks.length(i);
                    boolean same = false;
                    if (from + length <= have) {
                        BlockList.digest(sha, bytes, from, length, hash);
                        same = blocks.matches(i, hash, 0);
                    }
                    if (same) {
                        if (runStart >= 0) {
                            fetch(runStart, runEnd);
                            runStart = -1;
                        }
                        copyFrom = copyFrom < 0 ? from : copyFrom;
                        copyTo = from + length;
                    } else {
                        if (copyFrom >= 0) {
                            segments.add(new BlockAssembler.Copy(ByteBuffer.wrap(bytes, copyFrom, copyTo - copyFrom), at + copyFrom));
                            copyFrom = -1;
                        }
                        long offset = at + from;
                        if (runStart >= 0 && offset + length - runStart > Math.min(FETCH_BYTES, remote.maxChunkBytes())) {
                            fetch(runStart, runEnd);
                            runStart = -1;
                        }
                        runStart = runStart < 0 ? offset : runStart;
                        runEnd = offset + length;
                    }
                }
                if (copyFrom >= 0) {
                    segments.add(new BlockAssembler.Copy(ByteBuffer.wrap(bytes, copyFrom, copyTo - copyFrom), at + copyFrom));
                }
                segments.add(new BlockAssembler.Release(buffer));
            }
            if (runStart >= 0) {
                fetch(runStart, runEnd);
            }
        }

        /** @return how many of the wanted bytes the local file has there (fewer at its end) */
        private int readAt(ByteBuffer buffer, long position, int wanted) throws IOException {
            buffer.clear().limit(wanted);
            while (buffer.hasRemaining()) {
                if (in.read(buffer, position + buffer.position()) < 0) {
                    break;
                }
            }
            return buffer.position();
        }

        private void fetch(long from, long to) throws InterruptedIOException {
            int length = (int) (to - from);
            acquire(fetches);
            ByteBuffer into = ByteBuffer.allocate(length);
            CompletableFuture<ByteBuffer> bytes = remote.read(source.path(), from, length, (file, count) -> {
                if (!file.sameVersion(source)) {
                    throw new RemoteFileChangedException(source.path() + " changed on the server");
                }
                if (count != length) {
                    throw new IOException("the server sent " + count + " bytes where " + length + " were asked for");
                }
                return piece -> into.put(piece);
            }).handle((file, failure) -> {
                fetches.release();
                if (failure != null) {
                    throw failure instanceof CompletionException wrapped ? wrapped : new CompletionException(failure);
                }
                return into.flip();
            });
            segments.add(new BlockAssembler.Fetch(bytes, from, length));
        }
    }

    private static <T> T take(BlockingQueue<T> queue) throws InterruptedIOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during a block-level update");
        }
    }

    private static void acquire(Semaphore semaphore) throws InterruptedIOException {
        try {
            semaphore.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during a block-level update");
        }
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
