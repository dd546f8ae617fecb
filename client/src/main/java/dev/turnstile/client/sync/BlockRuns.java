package dev.turnstile.client.sync;

import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * The planning side of a {@link BlockPull}: decides, block after block in order, whether the old
 * copy has the source's block, and hands the {@link BlockAssembler} the runs: matching blocks as one
 * {@link BlockAssembler.Copy}, differing ones fetched (coalesced into reads of up to
 * {@value BlockPull#FETCH_BYTES} bytes, {@value BlockPull#FETCHES} in flight, sent at once so that
 * they arrive while the assembler copies what comes before them).
 *
 * <p>Which blocks match is known either from the block hashes kept of the old copy
 * ({@link #fromKept}: nothing is read) or by reading the old copy once and hashing each of its
 * blocks ({@link #fromOldCopy}).
 */
final class BlockRuns {

    private final BlockList blocks;
    private final RemoteFolder remote;
    private final BlockingQueue<BlockAssembler.Segment> segments;
    /** Whether to stop: the assembler failed or the run was stopped. */
    private final BooleanSupplier stop;
    private final Semaphore fetches = new Semaphore(BlockPull.FETCHES);
    private long copyStart = -1;
    private long copyEnd = -1;
    private long fetchStart = -1;
    private long fetchEnd = -1;

    BlockRuns(BlockList blocks, RemoteFolder remote, BlockingQueue<BlockAssembler.Segment> segments,
            BooleanSupplier stop) {
        this.blocks = blocks;
        this.remote = remote;
        this.segments = segments;
        this.stop = stop;
    }

    /** Plans from the kept hashes of the old copy, which the caller found to describe it as it looks now. */
    void fromKept(BlockList kept) throws InterruptedIOException {
        for (int i = 0; i < blocks.count(); i++) {
            if (i % 1024 == 0 && stop.getAsBoolean()) {
                return;
            }
            block(i, i < kept.count() && kept.length(i) == blocks.length(i) && blocks.matches(i, kept.hashes(),
                    i * BlockList.HASH_BYTES));
        }
        end();
    }

    /** Plans by reading the old copy once, in order, and hashing each of its blocks. */
    void fromOldCopy(FileChannel in) throws IOException {
        int perBuffer = Math.max(1, BlockPull.READ_BYTES / blocks.blockBytes());
        ByteBuffer buffer = ByteBuffer.allocate(perBuffer * blocks.blockBytes());
        byte[] bytes = buffer.array();
        MessageDigest sha = Sha256.digest();
        byte[] hash = new byte[BlockList.HASH_BYTES];
        long size = blocks.file().size();
        for (int first = 0; first < blocks.count(); first += perBuffer) {
            if (stop.getAsBoolean()) {
                return;
            }
            long at = blocks.offset(first);
            int have = readAt(in, buffer, at, (int) Math.min(buffer.capacity(), size - at));
            for (int i = first; i < Math.min(blocks.count(), first + perBuffer); i++) {
                int from = (int) (blocks.offset(i) - at);
                int length = blocks.length(i);
                boolean same = false;
                if (from + length <= have) {
                    BlockList.digest(sha, bytes, from, length, hash);
                    same = blocks.matches(i, hash, 0);
                }
                block(i, same);
            }
        }
        end();
    }

    /** @return how many of the wanted bytes the old copy has there (fewer at its end) */
    private static int readAt(FileChannel in, ByteBuffer buffer, long position, int wanted) throws IOException {
        buffer.clear().limit(wanted);
        while (buffer.hasRemaining()) {
            if (in.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.position();
    }

    private void block(int index, boolean same) throws InterruptedIOException {
        long offset = blocks.offset(index);
        long end = offset + blocks.length(index);
        if (same) {
            flushFetch();
            copyStart = copyStart < 0 ? offset : copyStart;
            copyEnd = end;
            return;
        }
        flushCopy();
        if (fetchStart >= 0 && end - fetchStart > Math.min(BlockPull.FETCH_BYTES, remote.maxChunkBytes())) {
            flushFetch();
        }
        fetchStart = fetchStart < 0 ? offset : fetchStart;
        fetchEnd = end;
    }

    private void end() throws InterruptedIOException {
        flushCopy();
        flushFetch();
    }

    private void flushCopy() {
        if (copyStart >= 0) {
            segments.add(new BlockAssembler.Copy(copyStart, copyEnd - copyStart));
            copyStart = -1;
        }
    }

    private void flushFetch() throws InterruptedIOException {
        if (fetchStart >= 0) {
            fetch(fetchStart, fetchEnd);
            fetchStart = -1;
        }
    }

    private void fetch(long from, long to) throws InterruptedIOException {
        FileEntry source = blocks.file();
        int length = (int) (to - from);
        try {
            fetches.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during a block-level update");
        }
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
