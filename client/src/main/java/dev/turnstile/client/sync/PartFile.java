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
import java.util.concurrent.Executor;

/**
 * One file being pulled: its hidden temporary file beside the target ({@code .name.turnstile-part})
 * and its resume record ({@code .name.turnstile-resume}), both created by the sync with
 * {@code O_EXCL} and recorded in {@link OwnTemporaries}; a file of that name the sync did not make
 * is left alone ({@link #open} refuses).
 *
 * <p><b>Bytes</b> come in order, chunk after chunk ({@link #beginChunk}, {@link #write},
 * {@link #endChunk}), and are hashed as they are written: one pass over them, the whole file's
 * SHA-256 known when the last byte is ({@link #verify}). Nothing reads the copy back. Instead,
 * after each chunk the copy is looked at ({@link FileStat}: size, modification and change time,
 * inode), and before the next chunk and before the rename it must look exactly the same: any other
 * program's write in between moves its change time (which no program can set back; on a kernel
 * with fine-grained timestamps, Linux 6.13 and later, even within the same clock tick, since the
 * sync's own look asked for them), and the file is then fetched again. A new file is not looked at
 * before its first chunk: whatever another program wrote into it by then is overwritten by the
 * chunk, or leaves it longer than the source, which the rename's check of the size catches. Within
 * a chunk (up to 8 MiB) the copy is not looked at between pieces.
 *
 * <p><b>Durability.</b> Every {@code checkpointBytes} the bytes so far are forced to disk and
 * recorded (their count and SHA-256), on the {@code flusher}, while the next bytes arrive: an
 * interrupted run goes on from there, and a large file's final flush has little left to do.
 * Checkpoints that fall due while one is running are merged into the latest. {@link #finish}
 * forces the rest (the data before the rename, SPEC §8), checks the copy was not touched, sets the
 * source's modification time and renames it over the target; the caller forces the folder after.
 *
 * <p>Threads: the connection's reader thread writes; the flusher checkpoints meanwhile; after
 * the last byte one thread at a time verifies and finishes, suspends or abandons.
 */
final class PartFile {

    private final Path target;
    private final Path part;
    private final String partPath;
    private final FileEntry source;
    private final long checkpointBytes;
    private final OwnTemporaries temporaries;
    private final FileChannel channel;
    /** SHA-256 of the bytes [0, good). */
    private final MessageDigest digest;
    private final long resumedFrom;
    /** The bytes written so far, all of them in order from the start. */
    private long good;
    /** The copy as the sync's own last change left it. */
    private FileStat lastOwn;
    private long checkpointDueAt;
    private final ResumeCheckpoints checkpoints;

    private PartFile(Path root, Path target, FileEntry source, long checkpointBytes, OwnTemporaries temporaries,
            FileChannel channel, Executor flusher, MessageDigest digest, long good, FileStat lastOwn,
            boolean resumeRecorded) {
        this.target = target;
        this.part = SyncPaths.part(target);
        this.partPath = SyncPaths.remote(root, part);
        this.source = source;
        this.checkpointBytes = checkpointBytes;
        this.temporaries = temporaries;
        this.channel = channel;
        this.digest = digest;
        this.good = good;
        this.resumedFrom = good;
        this.lastOwn = lastOwn;
        this.checkpointDueAt = good + checkpointBytes;
        Path resume = SyncPaths.resume(target);
        this.checkpoints = new ResumeCheckpoints(channel, resume, SyncPaths.remote(root, resume), source, temporaries,
                flusher, resumeRecorded);
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
     * @param flusher where checkpoints and the final flush run
     * @param leftovers whether the scan of LOCAL_DIR found a file at the temporary file's or the
     *     resume record's name: without one (nearly always) the name is not looked at again, which
     *     for a new file would only find nothing; the temporary file and the record are created
     *     with {@code O_EXCL} anyway, so one that appeared since is never written over
     * @throws NotOursException when a file the sync did not record stands at the temporary file's
     *     or the resume record's name
     */
    static PartFile open(Path root, Path target, FileEntry source, long checkpointBytes, OwnTemporaries temporaries,
            Executor flusher, boolean leftovers) throws IOException {
        Path part = SyncPaths.part(target);
        Path resume = SyncPaths.resume(target);
        String partPath = SyncPaths.remote(root, part);
        String resumePath = SyncPaths.remote(root, resume);
        boolean resumeOurs = leftovers && temporaries.owns(resumePath);
        if (leftovers && !resumeOurs && SyncPaths.attributes(resume) != null) {
            throw notOurs(resumePath);
        }
        // The usual case, no earlier copy: create it at once instead of looking for a record first.
        try {
            return fresh(root, target, source, checkpointBytes, temporaries, flusher, part, partPath, resumeOurs);
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
                if (channel.size() > hashed) {
                    channel.truncate(hashed);
                }
                FileStat now = FileStat.read(partPath, part);
                if (now != null) {
                    return new PartFile(root, target, source, checkpointBytes, temporaries, channel, flusher, digest,
                            hashed, now, true);
                }
            }
            channel.close();
        }
        Files.deleteIfExists(part);
        temporaries.removed(partPath);
        return fresh(root, target, source, checkpointBytes, temporaries, flusher, part, partPath, resumeOurs);
    }

    private static PartFile fresh(Path root, Path target, FileEntry source, long checkpointBytes,
            OwnTemporaries temporaries, Executor flusher, Path part, String partPath, boolean resumeOurs)
            throws IOException {
        // Created with O_EXCL, never through a link, and recorded as the sync's own at once.
        FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        try {
            temporaries.created(partPath);
            // No look yet: until the first chunk, whatever another program might write into the new
            // file is overwritten by that chunk or makes it longer than the source (see finish).
            return new PartFile(root, target, source, checkpointBytes, temporaries, channel, flusher, Sha256.digest(),
                    0, null, resumeOurs);
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(part);
            temporaries.removed(partPath);
            throw e;
        }
    }

    private static NotOursException notOurs(String path) {
        return new NotOursException("a file the sync did not make stands at " + path
                + ", where it keeps its temporary copy; move it away to sync this file");
    }

    FileEntry source() {
        return source;
    }

    /** @return the bytes written so far (the next chunk's offset) */
    long good() {
        return good;
    }

    /** @return whether every byte of the source has been written */
    boolean isComplete() {
        return good >= source.size();
    }

    /** @return the bytes an earlier run had already fetched, checked and kept */
    long resumedFrom() {
        return resumedFrom;
    }

    /**
     * Before a chunk's bytes: they must begin where the written ones end, and the copy must look as
     * the sync's own last change left it.
     *
     * @return {@code null} when the chunk may be written, else why not
     */
    String beginChunk(long offset) throws IOException {
        if (offset != good) {
            return "a chunk at " + offset + " came where " + good + " bytes were written";
        }
        if (lastOwn == null && good == 0) {
            return null; // a new, empty file: see fresh
        }
        return untouched() ? null : changedByAnother();
    }

    /** Writes the next bytes at their place and hashes them; reader thread. */
    void write(ByteBuffer piece) throws IOException {
        digest.update(piece.duplicate());
        long position = good;
        while (piece.hasRemaining()) {
            position += channel.write(piece, position);
        }
        good = position;
    }

    /** After a chunk's last byte: looks at the copy, and schedules a checkpoint when one is due. */
    void endChunk() throws IOException {
        lastOwn = FileStat.read(partPath, part);
        if (good >= checkpointDueAt && !isComplete()) {
            checkpointDueAt = good + checkpointBytes;
            checkpoint();
        }
    }

    /** Forces and records the bytes so far, on the flusher, after any checkpoint already under way. */
    private void checkpoint() {
        checkpoints.due(good, clone(digest));
    }

    /** Runs {@code then} on the flusher once no checkpoint of this file is pending or running. */
    void afterFlushes(Runnable then) {
        checkpoints.afterFlushes(then);
    }

    /** @return {@code null} when the bytes written hash to the source's SHA-256, else what they are */
    String verify() {
        String sha = Sha256.hex(clone(digest));
        if (good != source.size() || !sha.equals(source.sha256())) {
            return "the copy's " + (good != source.size() ? "size " + good : "SHA-256 " + sha)
                    + " does not match the server's listing";
        }
        return null;
    }

    /**
     * Forces the copy to disk, checks that no other program touched it, gives it the source's
     * modification time and renames it over the target.
     *
     * @return {@code null} when the target now holds the source's content, else why it does not
     *     (the temporary file is then gone too)
     */
    String finish() throws IOException {
        // fdatasync: the bytes and the size that finds them, not the times (set next, and cheap to lose).
        channel.force(false);
        // A file never written to (the source is empty) has no look of the sync's own to compare.
        if (channel.size() != source.size() || (lastOwn != null || good > 0) && !untouched()) {
            abandon();
            return changedByAnother();
        }
        channel.close();
        Files.getFileAttributeView(part, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.fromMillis(source.mtimeMillis()), null, null);
        try {
            // rename(2) replaces a file or a link, never a folder: no look first, which for a new
            // file would only find nothing.
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            BasicFileAttributes existing = SyncPaths.attributes(target);
            if (existing != null && existing.isDirectory()) {
                abandon();
                return "a folder stands where the source has a file";
            }
            throw e;
        }
        temporaries.removed(partPath);
        checkpoints.removeRecord();
        return null;
    }

    private boolean untouched() throws IOException {
        FileStat now = FileStat.read(partPath, part);
        return now != null && lastOwn != null && now.equals(lastOwn);
    }

    private static String changedByAnother() {
        return "its temporary copy was changed by another program during the transfer";
    }

    /**
     * Stops for now, keeping what was fetched (forced and recorded) for the next run; then runs
     * {@code then} on the flusher.
     */
    void suspend(Runnable then) {
        if (good > resumedFrom) {
            checkpoint();
        }
        afterFlushes(() -> {
            closeQuietly();
            then.run();
        });
    }

    /** Gives up on this copy: the temporary file and its record are deleted. */
    void abandon() {
        checkpoints.abandon(() -> {
            closeQuietly();
            try {
                Files.deleteIfExists(part);
                temporaries.removed(partPath);
            } catch (IOException e) {
                // Left for the end-of-run sweep of the sync's own leftovers.
            }
        });
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
