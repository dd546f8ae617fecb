package dev.turnstile.files;

import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * One upload in the staging area: a file of the declared size filled by chunks at any offsets, in
 * any order, any number of times (a resent chunk overwrites itself), so a client can pipeline and
 * resume. The received byte ranges are kept merged, so {@link #received()} says what is missing.
 */
final class Upload {

    private final String id;
    private final SharePath target;
    private final long size;
    private final String sha256;
    private final Long mtimeMillis;
    private final Replaces replaces;
    private final Path file;
    private final FileChannel channel;
    /** Start of each received range → its end (exclusive); ranges never touch or overlap. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private volatile long lastUsedNanos;
    private volatile boolean committing;

    Upload(String id, SharePath target, long size, String sha256, Long mtimeMillis, Replaces replaces, Path file,
            FileChannel channel, long nowNanos) {
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

    String sha256() {
        return sha256;
    }

    Long mtimeMillis() {
        return mtimeMillis;
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
            while (buffer.hasRemaining()) {
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
        synchronized (ranges) {
            add(offset, offset + length);
        }
        lastUsedNanos = nowNanos;
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
