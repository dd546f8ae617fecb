package dev.turnstile.files;

import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One upload in the staging area: a file of the declared size filled by chunks at any offsets, in
 * any order, any number of times (a resent chunk overwrites itself), so a client can pipeline and
 * resume. The received byte ranges are kept merged, so {@link #received()} says what is missing.
 *
 * <p><b>Sealed as soon as complete.</b> When its last byte arrives, the upload is
 * {@linkplain #seal sealed} on the flush lane: its time and mode set, its data forced to disk and its
 * content hashed, while the client sends what comes next. The commit then finds that work done (or
 * waits for it). A chunk written after that unseals it: the seal belongs to a version of the bytes.
 */
final class Upload {

    /** How much of a chunk one write takes. */
    private static final int WRITE_SLICE_BYTES = 256 * 1024;

    private final String id;
    private final SharePath target;
    private final long size;
    /** Declared at the beginning, or at the commit of an upload begun without it; {@code null} until then. */
    private volatile String sha256;
    private final Long mtimeMillis;
    private final Integer mode;
    private final Replaces replaces;
    private final Path file;
    private final FileChannel channel;
    private final StagedDigest digest;
    /** Start of each received range → its end (exclusive); ranges never touch or overlap. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private volatile long lastUsedNanos;
    private volatile boolean committing;
    /** Bumped by every write: a seal is good for the version it read. Guarded by {@code ranges}. */
    private long version;
    /** The seal of the current version, once begun; {@code null} after a write. Guarded by {@code ranges}. */
    private CompletableFuture<Sealed> sealed;

    Upload(String id, SharePath target, long size, String sha256, Long mtimeMillis, Integer mode, Replaces replaces,
            Path file, FileChannel channel, StagedDigest digest, long nowNanos) {
        this.digest = digest;
        this.mode = mode;
        this.replaces = replaces;
        this.id = id;
        this.target = target;
        this.size = size;
        this.sha256 = sha256;
        this.mtimeMillis = mtimeMillis;
        this.file = file;
        this.channel = channel;
        this.lastUsedNanos = nowNanos;
    }

    String id() {
        return id;
    }

    SharePath target() {
        return target;
    }

    long size() {
        return size;
    }

    /** @return the SHA-256 the content must have, or {@code null} while none was given */
    String sha256() {
        return sha256;
    }

    /**
     * Takes the SHA-256 a commit gives, for an upload begun without one (docs/files.md: the client
     * hashes the file while it sends it). The commit verifies the staged bytes against it as it would
     * against one given at the beginning.
     *
     * @param given the commit's {@code "sha256"} (lowercase hex, checked), or {@code null}
     * @throws HandlerException 400 when there is none either way, or when it is not the one the
     *     upload was begun with (the upload is kept: nothing was verified)
     */
    void hashAtCommit(String given) throws HandlerException {
        if (given == null) {
            if (sha256 == null) {
                throw HandlerException.badRequest("the upload of " + target.text() + " was begun without \"sha256\":"
                        + " give the SHA-256 of the whole file as \"sha256\" with its commit");
            }
            return;
        }
        if (sha256 != null && !sha256.equals(given)) {
            throw HandlerException.badRequest("the upload of " + target.text() + " was begun with SHA-256 " + sha256
                    + ", and its commit gives " + given + "; nothing was committed, the upload is kept");
        }
        sha256 = given;
    }

    Long mtimeMillis() {
        return mtimeMillis;
    }

    /** @return the permission bits the committed file gets, or {@code null} to keep the server's default */
    Integer mode() {
        return mode;
    }

    Replaces replaces() {
        return replaces;
    }

    Path file() {
        return file;
    }

    FileChannel channel() {
        return channel;
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    boolean committing() {
        return committing;
    }

    void startCommit() {
        committing = true;
    }

    void commitFailed() {
        committing = false;
    }

    /**
     * Writes a chunk at its offset.
     *
     * @param data the chunk, from its position to its limit (which are left alone)
     * @throws HandlerException 400 when the chunk reaches past the declared size; 507 when the disk
     *     is full (the upload stays, and the chunk can be sent again)
     */
    void write(long offset, ByteBuffer data, long nowNanos) throws HandlerException, IOException {
        int length = data.remaining();
        if (offset > size || length > size - offset) {
            throw HandlerException.badRequest("a chunk of " + length + " bytes at offset " + offset
                    + " reaches past the declared size " + size + " of " + target.text());
        }
        ByteBuffer buffer = data.duplicate();
        long position = offset;
        try {
            // In slices: each goes through the JDK's small cached direct buffer while it is still in
            // the CPU's cache, where one write of the whole chunk copied it through a buffer as large.
            int end = buffer.limit();
            while (buffer.position() < end) {
                buffer.limit(Math.min(end, buffer.position() + WRITE_SLICE_BYTES));
                position += channel.write(buffer, position);
            }
        } catch (IOException e) {
            if (DiskFull.is(e)) {
                throw HandlerException.insufficientStorage("the server's disk is full: the chunk at offset " + offset
                        + " of " + target.text() + " was not written; the upload is kept, send the chunk again once"
                        + " there is room");
            }
            throw e;
        }
        long contiguousEnd;
        synchronized (ranges) {
            add(offset, offset + length);
            version++;
            sealed = null;
            Map.Entry<Long, Long> first = ranges.firstEntry();
            contiguousEnd = first.getKey() == 0 ? first.getValue() : 0;
        }
        digest.written(offset, contiguousEnd);
        lastUsedNanos = nowNanos;
    }

    /** @return whether every declared byte has arrived */
    boolean complete() {
        return receivedBytes() == size;
    }

    /**
     * The seal of the bytes as they are now: begun on the given lane if it was not (or a write came
     * since), else the one begun.
     *
     * @param lanes where to run it ({@link Lanes.Lane#FLUSH})
     */
    CompletableFuture<Sealed> seal(Lanes lanes) {
        CompletableFuture<Sealed> mine;
        long of;
        synchronized (ranges) {
            if (sealed != null) {
                return sealed;
            }
            of = version;
            mine = new CompletableFuture<>();
            sealed = mine;
        }
        lanes.submit(Lanes.Lane.FLUSH, this::setAttributes)
                .thenCompose(ignored -> digest.finish(size))
                .thenApply(hash -> new Sealed(of, hash))
                .whenComplete((done, failure) -> {
            if (failure != null) {
                mine.completeExceptionally(failure);
            } else {
                mine.complete(done);
            }
        });
        return mine;
    }

    /**
     * Sets the file's time and mode. After the last write, which would move the time, and before the
     * seal's force, so that a crash keeps them too.
     */
    private Void setAttributes() throws IOException {
        if (mtimeMillis != null) {
            Files.setLastModifiedTime(file, FileTime.fromMillis(mtimeMillis));
        }
        if (mode != null) {
            Files.setPosixFilePermissions(file, Modes.permissions(mode));
        }
        return null;
    }

    /** @return whether a seal still describes the bytes: no chunk was written after it began */
    boolean current(Sealed seal) {
        synchronized (ranges) {
            return seal.version() == version;
        }
    }

    /**
     * The staged file forced to disk and hashed.
     *
     * @param version the version of the bytes it read
     * @param sha256 their hash, or {@code null} when the file was not of the declared size
     */
    record Sealed(long version, String sha256) {
    }

    /** @return how many bytes of the declared size have arrived */
    long receivedBytes() {
        synchronized (ranges) {
            return ranges.entrySet().stream().mapToLong(e -> e.getValue() - e.getKey()).sum();
        }
    }

    /** @return the received ranges as {@code [start, end]} pairs, end exclusive, in order */
    java.util.List<java.util.List<Long>> received() {
        synchronized (ranges) {
            return ranges.entrySet().stream().map(e -> java.util.List.of(e.getKey(), e.getValue())).toList();
        }
    }

    private void add(long start, long end) {
        if (start == end) {
            return;
        }
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        Map.Entry<Long, Long> after = ranges.ceilingEntry(start);
        while (after != null && after.getKey() <= end) {
            end = Math.max(end, after.getValue());
            ranges.remove(after.getKey());
            after = ranges.ceilingEntry(start);
        }
        ranges.put(start, end);
    }

    /**
     * What the target must be when the upload is committed, so that an upload never overwrites a
     * version its client has not seen.
     *
     * @param checked whether the client asked for a check at all
     * @param sha256 the content hash the target must have, or {@code null} for "must not exist"
     */
    record Replaces(boolean checked, String sha256) {
        static final Replaces ANYTHING = new Replaces(false, null);
    }
}
