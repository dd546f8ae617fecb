package dev.turnstile.client.sync;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers the uploads a push has sent in full and commits them together, one
 * {@link RemoteFolder#commitAll} per batch: the server answers a connection's requests one after
 * the other, so commits sent one request each cannot share the fsync of a folder, and a push of
 * many small files would spend most of its time in them (docs/files.md, "A batch").
 *
 * <p><b>Bounds.</b> A batch is sent once it holds {@link #MAX_FILES} uploads, and whenever the
 * push calls {@link #flush}: before it sends a file that takes more than one chunk (so a large
 * file never holds back the small ones before it) and at the end. Each upload in a batch holds one
 * of the server's upload slots (64) until the batch is answered; {@value #MAX_FILES}, plus the
 * uploads the push begins ahead, stays well below.
 *
 * <p><b>Outcomes.</b> Each upload is committed or refused on its own: the {@link Outcomes} hear
 * each one by path, on the connection's reader thread, so one refused file is reported by its path
 * and the others still land. A batch takes one permit of the push's {@link Window} while it is
 * in flight.
 */
final class CommitBatches {

    /** The most uploads one batch commits. */
    static final int MAX_FILES = 32;

    /** An upload whose bytes have all been sent, waiting for its commit. */
    record Pending(String path, Upload upload, String replaces, int attempt) {
    }

    /** Hears how each commit ended. Called on the thread that completes the remote's futures: must not block. */
    interface Outcomes {
        /**
         * @param pending the upload
         * @param failure {@code null} when it was committed; else why not (typed as
         *     {@link RemoteFolder#commit} types it)
         * @param whole whether the failure is the whole batch's (the request failed), not this upload's own
         */
        void settled(Pending pending, IOException failure, boolean whole);
    }

    private final RemoteFolder remote;
    private final Window window;
    private final Outcomes outcomes;
    private final int maxFiles;
    private final List<Pending> batch = new ArrayList<>();

    CommitBatches(RemoteFolder remote, Window window, Outcomes outcomes) {
        this(remote, window, outcomes, MAX_FILES);
    }

    /** With another batch size: for tests that count batches. */
    CommitBatches(RemoteFolder remote, Window window, Outcomes outcomes, int maxFiles) {
        if (maxFiles < 1) {
            throw new IllegalArgumentException("a batch holds at least one upload, not " + maxFiles);
        }
        this.remote = remote;
        this.window = window;
        this.outcomes = outcomes;
        this.maxFiles = maxFiles;
    }

    /** Adds an upload to the batch; sends the batch when it is full. */
    void add(Pending pending) throws IOException {
        batch.add(pending);
        if (batch.size() >= maxFiles) {
            flush();
        }
    }

    /** @return whether uploads wait for a commit not yet sent */
    boolean waiting() {
        return !batch.isEmpty();
    }

    /**
     * Commits one upload in a request of its own, outside any batch: one that keeps the server's
     * replaced version as a conflict copy (the batch form cannot keep one), or one begun without
     * its hash (a large file, whose own folder fsync costs nothing beside it).
     *
     * @param keep the name to keep the replaced version as, or {@code null}
     * @param sha256 the file's hash, for an upload begun without it; else {@code null}
     */
    void commitAlone(Pending pending, String keep, String sha256) throws IOException {
        window.acquire();
        remote.commit(pending.upload().id(), keep, sha256).whenComplete((ignored, failure) -> {
            try {
                outcomes.settled(pending, failure == null ? null : RemoteFolders.typed(failure), false);
            } finally {
                window.release();
            }
        });
    }

    /** Sends the uploads gathered so far as one batch, if there are any. */
    void flush() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        List<Pending> sending = List.copyOf(batch);
        batch.clear();
        List<String> ids = new ArrayList<>(sending.size());
        for (Pending pending : sending) {
            ids.add(pending.upload().id());
        }
        window.acquire();
        remote.commitAll(ids).whenComplete((failures, failure) -> {
            try {
                IOException whole = failure != null ? RemoteFolders.typed(failure) : null;
                for (Pending pending : sending) {
                    outcomes.settled(pending, whole != null ? whole : failures.get(pending.upload().id()), whole != null);
                }
            } finally {
                window.release();
            }
        });
    }
}
