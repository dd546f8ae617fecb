package dev.turnstile.client.sync;

import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A block-level push of a large file over a large file of the server's (docs/clients.md,
 * "Block-level updates"): the upload begins with the server's bytes ({@link
 * RemoteFolder#beginUploadFromTarget}), the server's block hashes are asked for at the same time
 * ({@link RemoteFolder#blocks}), and the local file is read once, in order, hashing its blocks:
 * only the ranges whose blocks differ are sent, as soon as they are found, then whatever lies past
 * the server's copy. The server's commit checks the whole file's SHA-256 as for any upload.
 *
 * <p>Without block hashes (an older server, another version of the file by now) the whole file is
 * sent into the upload, overwriting the bytes it began with: never wrong, only slower.
 */
final class BlockPush {

    /** Sends the upload's bytes [from, to) from the local file. */
    @FunctionalInterface
    interface Ranges {
        void send(long from, long to) throws IOException;
    }

    private final RemoteFolder remote;
    private final SyncRun run;
    /** The server's block hashes, asked for with each upload begun from the target, by path. */
    private final Map<String, CompletableFuture<BlockList>> asked = new ConcurrentHashMap<>();
    private volatile boolean unsupported;

    BlockPush(RemoteFolder remote, SyncRun run) {
        this.remote = remote;
        this.run = run;
    }

    /**
     * Begins the upload of a file that replaces a large one from the server's bytes, when both are
     * large enough.
     *
     * @param target the server's file as listed, or {@code null}
     * @return the upload, or {@code null} when the file is to be sent whole
     */
    CompletableFuture<Upload> begin(FileEntry source, FileEntry target, int mode) {
        if (unsupported || target == null || target.sha256() == null || source.size() < BlockPull.FROM_BYTES
                || target.size() < BlockPull.FROM_BYTES) {
            return null;
        }
        asked.put(source.path(), remote.blocks(source.path()));
        return remote.beginUploadFromTarget(source.path(), source.size(), source.sha256(), source.mtimeMillis(),
                target.sha256(), mode);
    }

    /**
     * Sends the file's bytes into an upload begun by {@link #begin}: only the blocks that differ
     * from those the upload began with, then the rest.
     *
     * @return whether it was begun here (else the caller sends every byte itself)
     */
    boolean send(String path, Upload upload, String replaces, FileChannel channel, long size, Ranges ranges)
            throws IOException {
        CompletableFuture<BlockList> asked = this.asked.remove(path);
        if (asked == null) {
            return false;
        }
        BlockList blocks = BlocksCall.awaited(asked, () -> unsupported = true);
        long held = Math.min(upload.resumeFrom(), size);
        if (blocks == null || held == 0 || !blocks.file().sha256().equals(replaces)) {
            ranges.send(0, size);
            return true;
        }
        sendDiffering(blocks, channel, held, ranges);
        if (held < size && run.stopped() == null) {
            ranges.send(held, size);
        }
        return true;
    }

    /** Reads [0, held) once, in order, and sends the ranges whose blocks are not the server's. */
    private void sendDiffering(BlockList blocks, FileChannel channel, long held, Ranges ranges) throws IOException {
        int perBuffer = Math.max(1, BlockPull.READ_BYTES / blocks.blockBytes());
        ByteBuffer buffer = ByteBuffer.allocate(perBuffer * blocks.blockBytes());
        MessageDigest sha = Sha256.digest();
        byte[] hash = new byte[BlockList.HASH_BYTES];
        long runStart = -1;
        long runEnd = -1;
        for (int i = 0; i < blocks.count() && blocks.offset(i) < held && run.stopped() == null; i++) {
            long offset = blocks.offset(i);
            int within = (int) ((i % perBuffer) * (long) blocks.blockBytes());
            if (within == 0) {
                fill(channel, buffer, offset, (int) Math.min(buffer.capacity(), held - offset));
            }
            int length = (int) Math.min(blocks.length(i), held - offset);
            boolean same = false;
            if (length == blocks.length(i) && within + length <= buffer.position()) {
                BlockList.digest(sha, buffer.array(), within, length, hash);
                same = blocks.matches(i, hash, 0);
            }
            if (same) {
                run.resumed(length);
                if (runStart >= 0) {
                    ranges.send(runStart, runEnd);
                    runStart = -1;
                }
            } else {
                runStart = runStart < 0 ? offset : runStart;
                runEnd = offset + length;
            }
        }
        if (runStart >= 0 && run.stopped() == null) {
            ranges.send(runStart, runEnd);
        }
    }

    /** Reads up to {@code wanted} bytes at {@code position}; fewer where the file ends. */
    private static void fill(FileChannel channel, ByteBuffer buffer, long position, int wanted) throws IOException {
        buffer.clear().limit(wanted);
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
            // until full or at the end
        }
    }
}
