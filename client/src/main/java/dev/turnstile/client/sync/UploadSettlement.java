package dev.turnstile.client.sync;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What becomes of a push's uploads once the server answered their commit, or once the push gave
 * them up. A commit's answer arrives on the connection's reader thread, which must not send: the
 * uploads to abort and the files to send again wait here for the sending thread to take them.
 */
final class UploadSettlement {

    /** A file to send again: it changed while it was sent, or the server found its bytes other than announced. */
    record Again(String path, String replaces, int attempt) {
    }

    private final RemoteFolder remote;
    private final Window window;
    private final SyncRun run;
    private final UploadRecords records;
    /**
     * Uploads whose commit the server refused, to abort: a server of this version has discarded
     * them already, an older one would keep them staged (holding one of its slots) for an hour.
     */
    private final Queue<String> refused = new ConcurrentLinkedQueue<>();
    /** Files whose commit the server refused for bytes other than announced. */
    private final Queue<Again> mismatched = new ConcurrentLinkedQueue<>();

    UploadSettlement(RemoteFolder remote, Window window, SyncRun run, UploadRecords records) {
        this.remote = remote;
        this.window = window;
        this.run = run;
        this.records = records;
    }

    /** How one upload's commit ended: on the connection's reader thread, so nothing here sends. */
    void settled(CommitBatches.Pending pending, IOException error, boolean whole) {
        String path = pending.path();
        String upload = pending.upload().id();
        if (error == null) {
            records.ended(upload);
            run.copied(path);
        } else if (whole) {
            // The batch's request failed: none of its uploads is known to be committed; they stay
            // recorded, and the next run resumes (or aborts) them.
            run.stop(error);
        } else if (error instanceof UploadMismatchException) {
            // The bytes sent were not the file announced: it changed while it was read.
            records.ended(upload);
            refused.add(upload);
            mismatched.add(new Again(path, pending.replaces(), pending.attempt()));
        } else if (error instanceof RemoteFileChangedException || error instanceof RemoteFileMissingException) {
            records.ended(upload);
            refused.add(upload);
            run.problem(path, "the server refused the upload: " + error.getMessage());
        } else {
            run.stop(error);
        }
    }

    /** @return a file whose commit found other bytes than announced, to send again; {@code null} when none waits */
    Again nextMismatched() {
        return mismatched.poll();
    }

    boolean anyMismatched() {
        return !mismatched.isEmpty();
    }

    /** Aborts, from the sending thread, the uploads whose commits were refused. */
    void abortRefused() throws IOException {
        for (String upload; (upload = refused.poll()) != null; ) {
            abort(upload);
        }
    }

    /** Aborts an upload this run will not commit, and ends its record. */
    void drop(Upload upload) throws IOException {
        records.ended(upload.id());
        abort(upload.id());
    }

    /** Aborts an upload; its answer only frees its place in the window. */
    void abort(String upload) throws IOException {
        window.acquire();
        remote.abort(upload).whenComplete((ignored, failure) -> window.release());
    }
}
