package dev.turnstile.files;

import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;

/**
 * The SHA-256 of an upload's staged file from its first byte, carried forward on the flush lane
 * while the chunks still arrive, with the file forced to disk at each step. Without it, the seal of
 * a 1 GiB upload read the whole file back and forced it after its last byte came, and the commit
 * waited for both; now the seal hashes and forces only what came since the last step, and the
 * reading and hashing run on the flush lane's core while the server thread takes the next chunks.
 *
 * <p>Steps run one after another (each is chained to the one before), never on the server thread.
 * Chunks may be sent again or out of order: a write below what a step has hashed, or is hashing,
 * makes the digest stale, and the next step starts it over from the first byte. The seal's own
 * check (the upload's version) still decides whether a seal describes the bytes.
 */
final class StagedDigest {

    /** A step is taken once this many new bytes are contiguous from the start. */
    static final long STEP_BYTES = 32L * 1024 * 1024;

    private final FileChannel channel;
    private final Lanes lanes;
    private final long stepBytes;
    /** Used only by the step that runs: steps never overlap. */
    private final MessageDigest digest = Sha256.digest();
    /** Bytes [0, hashedTo) are in {@link #digest}. Guarded by {@code this}. */
    private long hashedTo;
    /** The end of the last step scheduled; bytes below it may be being read. Guarded by {@code this}. */
    private long scheduledTo;
    /** A write landed below {@link #scheduledTo}. Guarded by {@code this}. */
    private boolean stale;
    /** The last step scheduled: the next one runs after it. Guarded by {@code this}. */
    private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

    StagedDigest(FileChannel channel, Lanes lanes) {
        this(channel, lanes, STEP_BYTES);
    }

    /** @param stepBytes how many new contiguous bytes make a step */
    StagedDigest(FileChannel channel, Lanes lanes, long stepBytes) {
        this.channel = channel;
        this.lanes = lanes;
        this.stepBytes = stepBytes;
    }

    /**
     * Bytes from {@code start} were just written, and bytes [0, contiguousEnd) have all arrived:
     * marks the digest stale if the write reached below what steps may have read, and schedules a
     * step when enough new bytes are contiguous.
     */
    synchronized void written(long start, long contiguousEnd) {
        if (start < scheduledTo) {
            stale = true;
        }
        if (contiguousEnd - scheduledTo >= stepBytes) {
            long to = contiguousEnd;
            scheduledTo = to;
            last = last.handle((done, failure) -> null)
                    .thenCompose(ignored -> lanes.submit(Lanes.Lane.FLUSH, () -> step(to, false)));
        }
    }

    /**
     * The hash of bytes [0, size), or {@code null} when the file is not of that size, after forcing
     * the file (data and metadata) to disk, on the flush lane after any step before it.
     */
    synchronized CompletableFuture<String> finish(long size) {
        scheduledTo = Math.max(scheduledTo, size);
        CompletableFuture<String> hash = last.handle((done, failure) -> null)
                .thenCompose(ignored -> lanes.submit(Lanes.Lane.FLUSH, () -> step(size, true)));
        last = hash;
        return hash;
    }

    private String step(long to, boolean last) throws IOException {
        long from;
        synchronized (this) {
            if (stale) {
                digest.reset();
                hashedTo = 0;
                stale = false;
            }
            from = hashedTo;
        }
        long reached = from < to ? Sha256.update(digest, channel, from, to) : from;
        channel.force(last);
        boolean whole = last && reached == to && channel.size() == to;
        synchronized (this) {
            hashedTo = reached;
            return whole ? Sha256.hex(cloneOf(digest)) : null;
        }
    }

    private static MessageDigest cloneOf(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }
}
