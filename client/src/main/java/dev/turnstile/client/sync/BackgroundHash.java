package dev.turnstile.client.sync;

import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Hashes a file on a thread of its own while the push's thread sends it ({@link SentHash}): the
 * bytes go out by {@code sendfile}, never copied into the JVM, and this reads them once more from
 * the page cache, where they are after the send (or before it: either way the disk is read once).
 * Measured on one core, this costs less than reading each piece into a buffer to hash it and
 * writing it from there (docs/performance.md, "Push of a big file: hashed while it is sent").
 */
final class BackgroundHash {

    /** How much one read takes: large enough that the digest runs in long stretches. */
    private static final int READ_BYTES = 1024 * 1024;

    private final FutureTask<String> task;
    private volatile boolean abandoned;

    private BackgroundHash(FileChannel channel, long size) {
        this.task = new FutureTask<>(() -> {
            try (channel) {
                return hash(channel, size);
            }
        });
    }

    /**
     * Opens the file (never through a link) and starts hashing its first {@code size} bytes.
     *
     * @throws IOException when it cannot be opened
     */
    static BackgroundHash start(Path file, long size) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        BackgroundHash hash = new BackgroundHash(channel, size);
        Thread thread = new Thread(hash.task, "turnstile-push-hash");
        thread.setDaemon(true);
        thread.start();
        return hash;
    }

    private String hash(FileChannel channel, long size) throws IOException {
        MessageDigest digest = Sha256.digest();
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(1, Math.min(READ_BYTES, size)));
        long position = 0;
        while (position < size && !abandoned) {
            buffer.clear();
            if (size - position < buffer.capacity()) {
                buffer.limit((int) (size - position));
            }
            int read = channel.read(buffer, position);
            if (read < 0) {
                return null; // shorter than it looked: it changed
            }
            digest.update(buffer.array(), 0, read);
            position += read;
        }
        return abandoned ? null : Sha256.hex(digest);
    }

    /**
     * Waits for the hash.
     *
     * @return the hex SHA-256 of the first {@code size} bytes, or {@code null} when the file ended
     *     before them or the hashing was abandoned
     * @throws IOException when the file could not be read
     */
    String await() throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            abandoned = true;
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** Stops the hashing at its next read: the file will not be committed. */
    void abandon() {
        abandoned = true;
    }
}
