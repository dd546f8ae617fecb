package dev.turnstile.client.sync;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
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
import java.util.Map;
import java.util.TreeMap;

/**
 * One file being pulled: its hidden temporary file beside the target ({@code .name.turnstile-part})
 * and its resume record ({@code .name.turnstile-resume}), both created by the sync with
 * {@code O_EXCL} and recorded in {@link OwnTemporaries}; a file of that name the sync did not make
 * is left alone ({@link #open} refuses). Chunks are written at their offsets in any order; every
 * {@code checkpointBytes} the contiguous prefix written so far is forced to disk, hashed (read
 * back) and recorded, so that an interrupted run can go on from there. {@link #finish} reads the
 * whole copy back and verifies its size and SHA-256, so bytes another process changed in it are
 * caught, forces it, sets its modification time and renames it over the target; nothing else ever
 * touches the target.
 *
 * <p>Not thread-safe: after {@link #open}, one thread (the pull's writer) uses it, then one
 * finisher.
 */
final class PartFile {

    private final Path target;
    private final Path part;
    private final Path resume;
    private final String partPath;
    private final String resumePath;
    private final FileEntry source;
    private final long checkpointBytes;
    private final OwnTemporaries temporaries;
    private final FileChannel channel;
    /** SHA-256 of the bytes [0, hashedTo) as read back at the last checkpoint. */
    private final MessageDigest digest;
    /** Written ranges past the contiguous prefix: start → end. */
    private final TreeMap<Long, Long> ahead = new TreeMap<>();
    private long good;
    private long hashedTo;
    private long checkpointedAt;
    private final long resumedFrom;
    private boolean resumeRecorded;

    private PartFile(Path root, Path target, FileEntry source, long checkpointBytes, OwnTemporaries temporaries,
            FileChannel channel, MessageDigest digest, long good, boolean resumeRecorded) {
        this.target = target;
        this.part = SyncPaths.part(target);
        this.resume = SyncPaths.resume(target);
        this.partPath = SyncPaths.remote(root, part);
        this.resumePath = SyncPaths.remote(root, resume);
        this.source = source;
        this.checkpointBytes = checkpointBytes;
        this.temporaries = temporaries;
        this.channel = channel;
        this.digest = digest;
        this.good = good;
        this.hashedTo = good;
        this.checkpointedAt = good;
        this.resumedFrom = good;
        this.resumeRecorded = resumeRecorded;
    }

    /** A file the sync did not make stands where it keeps a temporary file: it is left alone. */
    static final class NotOursException extends IOException {
        private static final long serialVersionUID = 1L;

        NotOursException(String message) {
            super(message);
        }
    }

    /**
     * Opens the temporary file of a target, going on from an earlier run's bytes when its resume
     * record names this same source version and the kept bytes still hash to what it recorded;
     * otherwise starting from nothing.
     *
     * @throws NotOursException when a file the sync did not record stands at the temporary file's
     *     or the resume record's name
     */
    static PartFile open(Path root, Path target, FileEntry source, long checkpointBytes, OwnTemporaries temporaries)
            throws IOException {
        Path part = SyncPaths.part(target);
        Path resume = SyncPaths.resume(target);
        String partPath = SyncPaths.remote(root, part);
        String resumePath = SyncPaths.remote(root, resume);
        boolean resumeOurs = temporaries.owns(resumePath);
        if (!resumeOurs && SyncPaths.attributes(resume) != null) {
            throw notOurs(resumePath);
        }
        // The usual case, no earlier copy: create it at once instead of looking for a record first.
        try {
            return new PartFile(root, target, source, checkpointBytes, temporaries, create(part, partPath, temporaries),
                    Sha256.digest(), 0, resumeOurs);
        } catch (FileAlreadyExistsException e) {
            // An earlier run's copy, or something else by that name: looked at below.
        }
        if (!temporaries.owns(partPath)) {
            throw notOurs(partPath);
        }
        ResumeRecord record = resumeOurs ? ResumeRecord.read(resume) : null;
        BasicFileAttributes partAttributes = SyncPaths.attributes(part);
        if (record != null && partAttributes != null && partAttributes.isRegularFile()
                && record.source().sameVersion(source) && partAttributes.size() >= record.goodBytes()) {
            FileChannel channel = FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            // The kept bytes are read again: whatever changed them since (another process, a disk
            // error) makes this file start over instead of being built on.
            MessageDigest digest = Sha256.digest();
            long hashed = Sha256.update(digest, channel, 0, record.goodBytes());
            if (hashed == record.goodBytes() && Sha256.hex(clone(digest)).equals(record.goodSha256())) {
                return new PartFile(root, target, source, checkpointBytes, temporaries, channel, digest,
                        record.goodBytes(), true);
            }
            channel.close();
        }
        Files.deleteIfExists(part);
        temporaries.removed(partPath);
        return new PartFile(root, target, source, checkpointBytes, temporaries, create(part, partPath, temporaries),
                Sha256.digest(), 0, resumeOurs);
    }

    private static NotOursException notOurs(String path) {
        return new NotOursException("a file the sync did not make stands at " + path
                + ", where it keeps its temporary copy; move it away to sync this file");
    }

    /** Creates a temporary file with O_EXCL (never through a link) and records it as the sync's own. */
    private static FileChannel create(Path file, String path, OwnTemporaries temporaries) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            temporaries.created(path);
            return channel;
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(file);
            throw e;
        }
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

    /** Writes a chunk at its offset; the prefix it completes is, now and then, recorded. */
    void write(long offset, byte[] data) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        long position = offset;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        long end = offset + data.length;
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

    /**
     * Forces the kept bytes to disk, hashes what was added since the last time (read back), then
     * records them, so that the next run can go on from here.
     */
    void checkpoint() throws IOException {
        channel.force(false);
        if (hashedTo < good) {
            hashedTo = Sha256.update(digest, channel, hashedTo, good);
        }
        if (!resumeRecorded) {
            // Made empty and recorded before it holds anything: a record the sync cannot later
            // tell from a user's file would stop that file from being pulled again.
            FileChannel.open(resume, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
                    .close();
            temporaries.created(resumePath);
            resumeRecorded = true;
        }
        temporaries.force();
        new ResumeRecord(source, hashedTo, Sha256.hex(clone(digest))).write(resume);
        checkpointedAt = hashedTo;
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
        // fdatasync: the bytes and the size that finds them, not the times (set next, and cheap to lose).
        channel.force(false);
        // What goes into place is what is on disk: read it all back, so bytes changed in the
        // temporary file by anything else during the transfer are caught here.
        FileStat before = FileStat.read(partPath, part);
        MessageDigest whole = Sha256.digest();
        long size = Sha256.update(whole, channel, 0, Long.MAX_VALUE);
        String sha = Sha256.hex(whole);
        FileStat after = FileStat.read(partPath, part);
        if (before == null || !before.equals(after)) {
            abandon();
            return "its temporary copy was changed by another program while it was verified";
        }
        if (size != source.size() || !sha.equals(source.sha256())) {
            abandon();
            return "the copy's " + (size != source.size() ? "size " + size : "SHA-256 " + sha)
                    + " does not match the server's listing";
        }
        channel.close();
        Files.getFileAttributeView(part, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.fromMillis(source.mtimeMillis()), null, null);
        BasicFileAttributes existing = SyncPaths.attributes(target);
        if (existing != null && existing.isDirectory()) {
            abandon();
            return "a folder stands where the source has a file";
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        temporaries.removed(partPath);
        removeResume();
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
            temporaries.removed(partPath);
            removeResume();
        } catch (IOException e) {
            // Left for the end-of-run sweep of the sync's own leftovers.
        }
    }

    private void removeResume() throws IOException {
        if (resumeRecorded) {
            Files.deleteIfExists(resume);
            temporaries.removed(resumePath);
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing more to do with it.
        }
    }

    private static MessageDigest clone(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests can be cloned", e);
        }
    }
}
