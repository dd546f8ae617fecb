package dev.turnstile.files;

import dev.turnstile.filemodel.HashCache;
import dev.turnstile.filemodel.SharePath;
import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads files of the shared folder to hash them, on the calling thread (always a {@link Lanes
 * lane}'s), never with a hash of a state that was being written: a file is read exactly up to the
 * size a look gave (never "until its end", so a file that grows cannot keep the read going), its size
 * is looked at again every {@link #SIZE_CHECK_BYTES} and after the read, and a look after the read
 * must find it as the look before did; otherwise the read gives no hash. Files of
 * {@link BlockStore#FROM_BYTES} or more get their block hashes in the same read.
 */
final class FileHasher {

    /** How many times a file that changes while it is read is read again, back to back. */
    static final int ATTEMPTS = 3;
    /** While a file is read to hash it, its size is looked at again after this many bytes. */
    static final long SIZE_CHECK_BYTES = 8L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FileHasher.class);
    private static final int READ_BYTES = 256 * 1024;
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_BYTES));

    private final ConfinedRoot root;
    private final BlockStore blocks;
    private final LongSupplier wallClockMillis;
    private final AtomicLong hashed = new AtomicLong();
    private final OnceLog changing = new OnceLog();

    /** @param wallClockMillis the time when a read begins, comparable with file times (racy clean) */
    FileHasher(ConfinedRoot root, BlockStore blocks, LongSupplier wallClockMillis) {
        this.root = root;
        this.blocks = blocks;
        this.wallClockMillis = wallClockMillis;
    }

    /**
     * A file with its content hash.
     *
     * @param file the look before the read, which a look after it found again
     * @param sha256 the hash's 32 bytes, or {@code null} when the file changed each time it was read
     * @param racy whether the file had changed less than {@link HashCache#RACY_MILLIS} before the
     *     read began: a write within the same tick of the file system's clock would keep the look
     */
    record Hashed(Look file, byte[] sha256, boolean racy) {
        /** @return whether the file kept changing while it was read: no hash */
        boolean changing() {
            return sha256 == null;
        }

        String hex() {
            return sha256 == null ? null : HexFormat.of().formatHex(sha256);
        }
    }

    /**
     * Reads an opened file whole to hash it: exactly the size it had when looked at.
     *
     * @return the hash, or {@code null} when the file changed while it was read
     */
    Hashed hashOpen(ConfinedRoot.Opened opened, SharePath path) throws IOException {
        Look file = opened.entry();
        FileChannel channel = opened.channel();
        long began = wallClockMillis.getAsLong();
        long size = file.size();
        MessageDigest whole = Sha256.digest();
        boolean withBlocks = BlockStore.kept(size);
        MessageDigest block = withBlocks ? Sha256.digest() : null;
        byte[] blockHashes = withBlocks ? new byte[Math.toIntExact(BlockStore.blocks(size) * 32)] : null;
        int blocksDone = 0;
        ByteBuffer buffer = BUFFER.get();
        long at = 0;
        long nextCheck = SIZE_CHECK_BYTES;
        while (at < size) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), size - at));
            int read = channel.read(buffer, at);
            if (read < 0) {
                return null; // shrank: a writer is at work
            }
            buffer.flip();
            if (withBlocks) {
                blocksDone = feedBlocks(buffer.duplicate(), at, block, blockHashes, blocksDone);
            }
            whole.update(buffer);
            at += read;
            if (at >= nextCheck) {
                if (channel.size() != size) {
                    return null;
                }
                nextCheck += SIZE_CHECK_BYTES;
            }
        }
        if (withBlocks && size % BlockStore.BLOCK_BYTES != 0) {
            finish(block, blockHashes, blocksDone);
        }
        byte[] sha256 = whole.digest();
        // Written meanwhile? Then this hash belongs to no single version of the file.
        Look after = root.stat(path);
        if (channel.size() != size || after == null || !after.sameContent(file)) {
            return null;
        }
        hashed.incrementAndGet();
        if (withBlocks) {
            blocks.put(sha256, size, blockHashes);
        }
        return new Hashed(file, sha256, began - file.mtimeMillis() < HashCache.RACY_MILLIS);
    }

    /** Feeds bytes read at {@code at} to the block digest, finishing each block that ends in them. */
    private static int feedBlocks(ByteBuffer bytes, long at, MessageDigest block, byte[] hashes, int done) {
        long position = at;
        while (bytes.hasRemaining()) {
            long blockEnd = (position / BlockStore.BLOCK_BYTES + 1) * BlockStore.BLOCK_BYTES;
            int take = (int) Math.min(bytes.remaining(), blockEnd - position);
            ByteBuffer part = bytes.duplicate();
            part.limit(part.position() + take);
            block.update(part);
            bytes.position(bytes.position() + take);
            position += take;
            if (position == blockEnd) {
                finish(block, hashes, done++);
            }
        }
        return done;
    }

    /** Writes a finished block's hash into its place in the list, and resets the digest. */
    private static void finish(MessageDigest block, byte[] hashes, int index) {
        try {
            block.digest(hashes, index * 32, 32);
        } catch (DigestException e) {
            throw new IllegalStateException("a SHA-256 digest fits in 32 bytes", e);
        }
    }

    /**
     * Opens a file and hashes it, if it still looks as {@code file}.
     *
     * @return the hash, or {@code null} when the file is gone, changed since the look or while it was read
     */
    Hashed hash(Look file) throws IOException {
        SharePath path = SharePath.parseTrusted(file.path());
        try (ConfinedRoot.Opened opened = root.openRead(path)) {
            if (opened == null || !opened.entry().sameContent(file)) {
                return null;
            }
            return hashOpen(opened, path);
        }
    }

    /**
     * The hash of the file as it is now, read: a file being written is looked at again, a few times.
     *
     * @return the file with its hash; {@link Hashed#changing()} when it changed each time it was
     *     read; {@code null} when it is gone
     */
    Hashed settled(Look file) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS && file != null; attempt++) {
            Hashed hash = hash(file);
            if (hash != null) {
                return hash;
            }
            file = root.stat(SharePath.parseTrusted(file.path()));
        }
        if (file == null) {
            return null;
        }
        if (changing.first(file.path())) {
            LOG.info("{} changed each time it was read ({} times): it is being written", SharePath.quote(file.path()),
                    ATTEMPTS);
        }
        return new Hashed(file, null, false);
    }

    /**
     * Computes the block hashes of a file the index has, when none are stored (or they were torn):
     * the file is read again, and the hashes are given only if it still has the content.
     *
     * @return the hashes, or {@code null} when the file no longer has that content
     */
    byte[] blocksOf(Look file, byte[] sha256) throws IOException {
        byte[] stored = blocks.get(sha256, file.size());
        if (stored != null) {
            return stored;
        }
        Hashed again = hash(file);
        if (again == null || !Arrays.equals(again.sha256(), sha256)) {
            return null;
        }
        return blocks.get(sha256, file.size());
    }

    /** @return how many files were read to hash them since start; for tests and the log */
    long filesHashed() {
        return hashed.get();
    }
}
