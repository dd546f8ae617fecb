package dev.turnstile.client.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;

/**
 * One file being pulled: its hidden temporary file beside the target ({@code .name.turnstile-part})
 * and its resume record ({@code .name.turnstile-resume}). Chunks are written at their offsets in
 * any order; the contiguous prefix written so far is hashed as it grows, and every
 * {@code checkpointBytes} it is forced to disk and recorded, so that an interrupted run can go on
 * from there. {@link #finish} verifies size and SHA-256, forces the file, sets its modification
 * time and renames it over the target; nothing else ever touches the target.
 *
 * <p>Not thread-safe: after {@link #open}, one thread (the pull's writer) uses it.
 */
final class PartFile {

    private final Path target;
    private final Path part;
    private final Path resume;
    private final FileEntry source;
    private final long checkpointBytes;
    private final FileChannel channel;
    private final MessageDigest digest;
    /** Written ranges past the contiguous prefix: start → end. */
    private final TreeMap<Long, Long> ahead = new TreeMap<>();
    private long good;
    private long hashedTo;
    private long checkpointedAt;
    private final long resumedFrom;

    private PartFile(Path target, FileEntry source, long checkpointBytes, FileChannel channel,
            MessageDigest digest, long good) {
        this.target = target;
        this.part = SyncPaths.part(target);
        this.resume = SyncPaths.resume(target);
        this.source = source;
        this.checkpointBytes = checkpointBytes;
        this.channel = channel;
        this.digest = digest;
        this.good = good;
        this.hashedTo = good;
        this.checkpointedAt = good;
        this.resumedFrom = good;
    }

    /**
     * Opens the temporary file of a target, going on from an earlier run's bytes when its resume
     * record names this same source version and the kept bytes still hash to what it recorded;
     * otherwise starting from nothing.
     */
    static PartFile open(Path target, FileEntry source, long checkpointBytes) throws IOException {
        Path part = SyncPaths.part(target);
        // The usual case, no earlier copy: create it at once instead of looking for a record first.
        // A record without its copy is of no use; it is replaced at the first checkpoint, or
        // deleted when the file is in place, or swept at the end of the run.
        try {
            FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            return new PartFile(target, source, checkpointBytes, channel, Sha256.digest(), 0);
        } catch (FileAlreadyExistsException e) {
            // An earlier run's copy, or something else by that name: looked at below.
        }
        Path resume = SyncPaths.resume(target);
        ResumeRecord record = ResumeRecord.read(resume);
        BasicFileAttributes partAttributes = SyncPaths.attributes(part);
        if (record != null && partAttributes != null && partAttributes.isRegularFile()
                && record.source().sameVersion(source) && partAttributes.size() >= record.goodBytes()) {
            FileChannel channel = FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            MessageDigest digest = Sha256.digest();
            long hashed = Sha256.update(digest, channel, 0, record.goodBytes());
            MessageDigest check;
            try {
                check = (MessageDigest) digest.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 digests can be cloned", e);
            }
            if (hashed == record.goodBytes() && Sha256.hex(check).equals(record.goodSha256())) {
                return new PartFile(target, source, checkpointBytes, channel, digest, record.goodBytes());
            }
            channel.close();
        }
        Files.deleteIfExists(resume);
        Files.deleteIfExists(part);
        FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        return new PartFile(target, source, checkpointBytes, channel, Sha256.digest(), 0);
    }

    FileEntry source() {
        return source;
    }

    /** @return whether every byte of the source has been written */
    boolean isComplete() {
        return good >= source.size();
    }

    /** @return the bytes an earlier run had already fetched, checked and kept */
    long resumedFrom() {
        return resumedFrom;
    }

    /** Writes a chunk at its offset; the prefix it completes is hashed and, now and then, recorded. */
    void write(long offset, byte[] data) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        long position = offset;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        long end = offset + data.length;
        if (offset == hashedTo && hashedTo == good) {
            // The usual case, answers in order: hash from memory instead of reading back.
            digest.update(data);
            hashedTo = end;
        }
        if (offset <= good) {
            good = Math.max(good, end);
            for (Map.Entry<Long, Long> next = ahead.firstEntry(); next != null && next.getKey() <= good;
                    next = ahead.firstEntry()) {
                good = Math.max(good, next.getValue());
                ahead.remove(next.getKey());
            }
        } else {
            ahead.merge(offset, end, Math::max);
        }
        if (good - checkpointedAt >= checkpointBytes) {
            checkpoint();
        }
    }

    /** Forces the kept bytes to disk, then records them, so that the next run can go on from here. */
    void checkpoint() throws IOException {
        catchUpHash(good);
        channel.force(false);
        MessageDigest copy;
        try {
            copy = (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests can be cloned", e);
        }
        new ResumeRecord(source, good, Sha256.hex(copy)).write(resume);
        checkpointedAt = good;
    }

    private void catchUpHash(long to) throws IOException {
        if (hashedTo < to) {
            hashedTo = Sha256.update(digest, channel, hashedTo, to);
        }
    }

    /**
     * Verifies and moves the file into place.
     *
     * @return {@code null} when the target now holds the source's content, else why it does not
     *     (the temporary file is then gone too)
     */
    String finish() throws IOException {
        if (channel.size() > source.size()) {
            channel.truncate(source.size());
        }
        catchUpHash(source.size());
        long size = channel.size();
        String sha = Sha256.hex(digest);
        if (size != source.size() || !sha.equals(source.sha256())) {
            abandon();
            return "the copy's " + (size != source.size() ? "size " + size : "SHA-256 " + sha)
                    + " does not match the server's listing";
        }
        // fdatasync: the bytes and the size that finds them, not the times (set next, and cheap to lose).
        channel.force(false);
        channel.close();
        Files.setLastModifiedTime(part, FileTime.fromMillis(source.mtimeMillis()));
        BasicFileAttributes existing = SyncPaths.attributes(target);
        if (existing != null && existing.isDirectory()) {
            abandon();
            return "a folder stands where the source has a file";
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(resume);
        return null;
    }

    /** Stops for now, keeping what was fetched (recorded) for the next run. */
    void suspend() {
        try {
            if (good > checkpointedAt) {
                checkpoint();
            }
        } catch (IOException e) {
            // Best effort: without a record the next run starts this file over.
        } finally {
            closeQuietly();
        }
    }

    /** Gives up on this copy: the temporary file and its record are deleted. */
    void abandon() {
        closeQuietly();
        try {
            Files.deleteIfExists(part);
            Files.deleteIfExists(resume);
        } catch (IOException e) {
            // Left for the end-of-run sweep of leftovers.
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing more to do with it.
        }
    }
}
