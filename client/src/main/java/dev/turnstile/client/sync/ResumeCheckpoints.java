package dev.turnstile.client.sync;

import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.Executor;

/**
 * The checkpoints of one part file, run on the flusher while the next bytes arrive: each forces
 * the bytes written so far to disk, then writes the resume record ({@code .name.turnstile-resume})
 * with their count and SHA-256, so that an interrupted run goes on from there and a large file's
 * final flush has little left to do. One checkpoint runs at a time per file; those that fall due
 * meanwhile are merged into the latest. Once the file is abandoned no record is written again.
 *
 * <p>Thread-safe: the reader thread schedules, the flusher writes, another thread abandons.
 */
final class ResumeCheckpoints {

    /** The bytes [0, good) and their SHA-256, to be forced and recorded. */
    private record Checkpoint(long good, MessageDigest digest) {
    }

    private final FileChannel channel;
    private final Path resume;
    private final String resumePath;
    private final FileEntry source;
    private final OwnTemporaries temporaries;
    private final Executor flusher;

    private final Object flushes = new Object();
    /** The latest checkpoint waiting for the flusher, or {@code null}. */
    private Checkpoint pending;
    private boolean flushing;
    /** What runs once the flusher has nothing left for this file, or {@code null}. */
    private Runnable afterFlushes;

    /** Held while a record is written, and while the copy is abandoned: one never undoes the other. */
    private final Object records = new Object();
    private boolean abandoned;
    private volatile boolean recorded;

    /**
     * @param recorded whether the resume record exists already (and is the sync's own)
     */
    ResumeCheckpoints(FileChannel channel, Path resume, String resumePath, FileEntry source,
            OwnTemporaries temporaries, Executor flusher, boolean recorded) {
        this.channel = channel;
        this.resume = resume;
        this.resumePath = resumePath;
        this.source = source;
        this.temporaries = temporaries;
        this.flusher = flusher;
        this.recorded = recorded;
    }

    /** Forces and records [0, good), on the flusher, after any checkpoint already under way. */
    void due(long good, MessageDigest prefix) {
        Checkpoint due = new Checkpoint(good, prefix);
        synchronized (flushes) {
            pending = due;
            if (flushing) {
                return;
            }
            flushing = true;
        }
        flusher.execute(this::flushPending);
    }

    private void flushPending() {
        while (true) {
            Checkpoint next;
            Runnable then = null;
            synchronized (flushes) {
                next = pending;
                pending = null;
                if (next == null) {
                    flushing = false;
                    then = afterFlushes;
                    afterFlushes = null;
                }
            }
            if (next == null) {
                if (then != null) {
                    then.run();
                }
                return;
            }
            try {
                record(next);
            } catch (IOException e) {
                // Not recorded: an interrupted run resumes from an earlier record, or starts over.
            }
        }
    }

    /** Runs {@code then} on the flusher once no checkpoint of this file is pending or running. */
    void afterFlushes(Runnable then) {
        synchronized (flushes) {
            if (flushing) {
                afterFlushes = then;
                return;
            }
        }
        flusher.execute(then);
    }

    private void record(Checkpoint checkpoint) throws IOException {
        synchronized (records) {
            if (abandoned) {
                return;
            }
            channel.force(false);
            if (!recorded) {
                // Made empty and recorded before it holds anything: a record the sync cannot later
                // tell from a user's file would stop that file from being pulled again.
                FileChannel.open(resume, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
                        .close();
                temporaries.created(resumePath);
                recorded = true;
            }
            temporaries.force();
            new ResumeRecord(source, checkpoint.good(), Sha256.hex(checkpoint.digest())).write(resume);
        }
    }

    /**
     * Writes no record from now on; then, while none can be under way, runs {@code cleanUp} and
     * deletes the record.
     */
    void abandon(Runnable cleanUp) {
        synchronized (records) {
            abandoned = true;
            cleanUp.run();
            try {
                removeRecord();
            } catch (IOException e) {
                // Left for the end-of-run sweep of the sync's own leftovers.
            }
        }
    }

    /** Deletes the record, if one was made: the file is in place. */
    void removeRecord() throws IOException {
        if (recorded) {
            Files.deleteIfExists(resume);
            temporaries.removed(resumePath);
        }
    }
}
