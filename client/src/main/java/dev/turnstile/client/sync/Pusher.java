package dev.turnstile.client.sync;

import dev.turnstile.client.TurnstileException;
import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Carries out a push plan: deletions (each only if the server's file is still the listed version),
 * then uploads. A file's SHA-256 is known from the plan (hashed then, or found in the hash cache)
 * and announced at the upload's beginning; the file is then read once more, in order, and sent in
 * chunks, many in flight (attachments sent by the kernel from the file, where the server takes
 * them), not hashed again: the server checks what it received against the announced size and
 * SHA-256 before its commit renames it into place, so a file that changed while being read is never
 * committed half old, half new. One whose size or time moved meanwhile is not committed at all;
 * either way its upload is aborted and the file hashed and sent again, up to
 * {@link SyncOptions#attempts()} times.
 *
 * <p><b>Large new files are hashed as they are sent.</b> A file of {@link SentHash#FROM_BYTES} or
 * more that the server lacks is planned without its hash, where the server takes it at the commit:
 * its upload begins without one, the file is hashed on another thread while its chunks go out, and
 * the hash is given at its commit (a request of its own), if the file looked the same after its last
 * byte as before its first ({@link SentHash}). Otherwise it is sent again, hashed first. A server
 * that needs the hash at the beginning (400) gets the file hashed first too.
 *
 * <p><b>Pipelining across files.</b> The server answers a connection's requests in order, and a
 * commit holds the later ones until it is done, durable; a push of many small files spends its
 * time there. So the uploads of the next {@link #BEGIN_AHEAD} files are begun before the current
 * one is sent (their ids are back by the time they are needed: a chunk cannot be sent before its
 * upload's id is known), and the uploads sent in full are committed in batches
 * ({@link CommitBatches}): one request, one fsync of each folder, for up to
 * {@value CommitBatches#MAX_FILES} files. A refused upload of a batch is reported by its path; the
 * others land.
 *
 * <p><b>Resume across runs.</b> Every upload is recorded in {@link UploadRecords} as soon as its
 * id is known, and the record ended when it is committed or aborted. A run that stops or loses its
 * connection leaves its records (and the server its staged bytes); the next run asks the server
 * for each recorded upload of a file still to push at the same version, over the same listed one
 * ({@link RemoteFolder#resumeUpload}) and sends only what it lacks; the other recorded uploads are
 * aborted, so the server's staging does not fill up with them.
 */
final class Pusher {

    /**
     * How many files' uploads are begun before they are sent: small, as each holds one of the
     * server's 64 upload slots, as do the uploads waiting in a batch ({@link CommitBatches#MAX_FILES}).
     */
    static final int BEGIN_AHEAD = 8;

    private final RemoteFolder remote;
    private final Path root;
    private final SyncOptions options;
    private final SyncRun run;
    private final UploadRecords records;
    private final Window window;
    private final CommitBatches batches;
    /** The permission bits each file's upload gives it ({@link PermissionBits}), by path. */
    private final Map<String, Integer> modes = new HashMap<>();
    private final BlockPush blocks;
    /** The uploads refused or to send again after their commits' answers, for the sending thread. */
    private final UploadSettlement settlement;

    /** Path → the name the server's replaced version is kept as (a conflict copy), for the commit. */
    private Map<String, String> keepAs = Map.of();
    /** Hashes the files planned without their hash while they are sent. */
    private SentHash sentHash;

    Pusher(RemoteFolder remote, Path root, SyncOptions options, SyncRun run, UploadRecords records) {
        this.remote = remote;
        this.root = root;
        this.options = options;
        this.run = run;
        this.records = records;
        this.window = new Window(options.window());
        this.settlement = new UploadSettlement(remote, window, run, records);
        this.batches = new CommitBatches(remote, window, settlement::settled);
        this.blocks = new BlockPush(remote, run);
        this.sentHash = new SentHash(root, null, System::currentTimeMillis);
    }

    /** @return this, hashing the files planned without their hash with this one (which remembers what it committed) */
    Pusher hashingWith(SentHash hashing) {
        this.sentHash = hashing;
        return this;
    }

    /** @return this, keeping the server's version of these paths under the names given when committing over it */
    Pusher keepingReplaced(Map<String, String> names) {
        this.keepAs = names;
        return this;
    }

    /** An upload asked for ahead of its turn: begun afresh, or one of an earlier run resumed. */
    private record Begun(SyncPlan.Action action, CompletableFuture<Upload> upload, String resumedId) {
    }

    void run(SyncPlan plan) throws IOException {
        new PushDeletions(remote, window, run).run(plan);
        new AttributePush(remote, window, run).run(plan);
        window.drain();
        List<SyncPlan.Action> copies = plan.actions(SyncPlan.Kind.COPY);
        for (SyncPlan.Action action : copies) {
            modes.put(action.path(), AttributePush.uploadMode(PermissionBits.wanted(action.source(), action.target())));
        }
        Map<String, Begun> resumed = resumeRecorded(copies);
        Deque<Begun> ahead = new ArrayDeque<>();
        int next = 0;
        for (int i = 0; i < copies.size() && run.stopped() == null; i++) {
            for (; next < copies.size() && next <= i + BEGIN_AHEAD; next++) {
                SyncPlan.Action action = copies.get(next);
                Begun begun = resumed.remove(action.path());
                ahead.addLast(begun != null ? begun : new Begun(action, begin(action), null));
            }
            Begun begun = ahead.removeFirst();
            SyncPlan.Action action = begun.action();
            upload(action.path(), action.source(), replaced(action), begun.upload(), begun.resumedId(), 1);
            settlement.abortRefused();
            sendMismatched();
        }
        // Uploads begun ahead of a stop stay recorded (once their ids are back): the next run resumes
        // or aborts them.
        for (Begun unused : ahead) {
            unused.upload().handle((upload, failure) -> null).join();
        }
        if (run.stopped() == null) {
            batches.flush();
        }
        window.drain();
        while (settlement.anyMismatched() && run.stopped() == null) {
            // A file sent again is committed again, which may find it changed once more.
            sendMismatched();
            batches.flush();
            window.drain();
        }
        settlement.abortRefused();
        window.drain();
        if (run.stopped() != null) {
            throw run.stopped();
        }
    }

    /**
     * Asks the server for the recorded uploads of files still to push at the same version (all at
     * once, pipelined); aborts the others (files changed, pushed or no longer there, and any
     * second upload of one file), and ends their records.
     *
     * @return the resumed uploads by path
     */
    private Map<String, Begun> resumeRecorded(List<SyncPlan.Action> copies) throws IOException {
        Map<String, SyncPlan.Action> byPath = new HashMap<>();
        for (SyncPlan.Action action : copies) {
            byPath.put(action.path(), action);
        }
        Map<String, Begun> resumed = new HashMap<>();
        for (UploadRecords.Entry entry : records.all()) {
            FileEntry recorded = entry.source();
            SyncPlan.Action action = byPath.get(recorded.path());
            if (action != null && action.source().sameVersion(recorded)
                    && Objects.equals(replaced(action), entry.replaces()) && !resumed.containsKey(recorded.path())) {
                resumed.put(recorded.path(), new Begun(action, remote.resumeUpload(entry.upload(), recorded.path(),
                        recorded.size(), recorded.sha256()), entry.upload()));
            } else {
                records.ended(entry.upload());
                settlement.abort(entry.upload());
            }
        }
        return resumed;
    }

    /** Begins an upload from the server's bytes when a block-level push applies, else empty. */
    private CompletableFuture<Upload> begin(SyncPlan.Action action) {
        CompletableFuture<Upload> fromTarget = blocks.begin(action.source(), action.target(),
                modes.getOrDefault(action.path(), FileEntry.NO_MODE));
        if (fromTarget == null) {
            return beginFresh(action.path(), action.source(), replaced(action));
        }
        return fromTarget.thenApply(upload -> {
            records.begun(action.source(), replaced(action), upload.id());
            return upload;
        });
    }

    /** Begins an upload, recording it as soon as its id is known. */
    private CompletableFuture<Upload> beginFresh(String path, FileEntry source, String replaces) {
        return remote.beginUpload(path, source.size(), source.sha256(), source.mtimeMillis(), replaces,
                        modes.getOrDefault(path, FileEntry.NO_MODE))
                .thenApply(upload -> {
                    records.begun(source, replaces, upload.id());
                    return upload;
                });
    }

    /**
     * Sends one file through an upload asked for earlier.
     *
     * @param resumedId the id of the upload of an earlier run that {@code begun} goes on with, or
     *     {@code null} when {@code begun} is a fresh {@code /upload_begin}
     */
    private void upload(String path, FileEntry source, String replaces, CompletableFuture<Upload> begun,
            String resumedId, int attempt) throws IOException {
        run.current(path);
        Upload upload;
        try {
            upload = begun.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the server");
        } catch (ExecutionException e) {
            IOException error = RemoteFolders.typed(e.getCause());
            if (source.sha256() == null && resumedId == null && refusedRequest(error)) {
                // A server older than the hash at the commit needs it at the beginning: hashed first.
                hashFirst(path, source, replaces, attempt);
                return;
            }
            if (resumedId != null && (error instanceof RemoteFileMissingException
                    || error instanceof RemoteFileChangedException)) {
                // Expired, committed, or lost in a server restart: this run starts it over.
                records.ended(resumedId);
                upload(path, source, replaces, beginFresh(path, source, replaces), null, attempt);
                return;
            }
            if (error instanceof RemoteFileChangedException || error instanceof RemoteFileMissingException
                    || refusedRequest(error)) {
                // A 400 names this one path (a name the server will not take): the others go on.
                run.problem(path, "the server refused the upload: " + error.getMessage());
                return;
            }
            run.stop(error);
            return;
        }
        Path file = SyncPaths.local(root, path);
        if (source.size() - upload.resumeFrom() > remote.uploadChunkBytes(upload.id())) {
            // A file of several chunks takes a while: the small ones sent before it are committed first.
            batches.flush();
        }
        long sent;
        SentHash.Sending hashing = null;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long[] reached = {0};
            if (attempt == 1 && resumedId == null && blocks.send(path, upload, replaces, channel, source.size(),
                    (from, to) -> reached[0] = send(upload.id(), channel, from, to))) {
                sent = run.stopped() == null ? source.size() : reached[0];
            } else {
                long resumeFrom = Math.min(upload.resumeFrom(), source.size());
                run.resumed(resumeFrom);
                if (source.sha256() == null) {
                    hashing = sentHash.start(path);
                }
                sent = send(upload.id(), channel, resumeFrom, source.size());
            }
        } catch (IOException e) {
            if (hashing != null) {
                hashing.abandon();
            }
            settlement.drop(upload);
            run.problem(path, "cannot read it: " + e.getMessage());
            return;
        }
        if (hashing != null && (run.stopped() != null || sent != source.size())) {
            hashing.abandon();
        }
        FileEntry now = stat(path, file);
        if (run.stopped() != null) {
            return; // Staged on the server and recorded here: the next run goes on from it.
        }
        // Hashed as it was sent: only if the file looked the same after the last byte as before the first.
        String sha256 = source.sha256();
        if (hashing != null && sent == source.size()) {
            try {
                sha256 = hashing.finish();
            } catch (IOException e) {
                settlement.drop(upload);
                run.problem(path, "cannot read it: " + e.getMessage());
                return;
            }
        }
        if (sent == source.size() && sha256 != null && now != null && now.size() == source.size()
                && now.mtimeMillis() == source.mtimeMillis()) {
            // The server checks the bytes against the size and SHA-256 announced before it renames.
            CommitBatches.Pending pending = new CommitBatches.Pending(path, upload, replaces, attempt);
            String keep = keepAs.get(path);
            sentHash.committing(source.withSha256(sha256));
            if (hashing != null || keep != null) {
                batches.commitAlone(pending, keep, hashing != null ? sha256 : null);
            } else {
                batches.add(pending);
            }
            return;
        }
        settlement.drop(upload);
        sendAgain(new UploadSettlement.Again(path, replaces, attempt));
    }

    /**
     * Sends a file planned without its hash through an upload begun with it, for a server that
     * needs the hash at the beginning.
     */
    private void hashFirst(String path, FileEntry source, String replaces, int attempt) throws IOException {
        String sha256;
        try {
            sha256 = sentHash.hashFirst(path);
        } catch (IOException e) {
            run.problem(path, "cannot read it: " + e.getMessage());
            return;
        }
        if (sha256 == null) {
            run.problem(path, "vanished locally during its upload; not pushed");
            return;
        }
        FileEntry hashed = source.withSha256(sha256);
        upload(path, hashed, replaces, beginFresh(path, hashed, replaces), null, attempt);
    }

    /** Hashes the file as it is now and sends it through a new upload, unless it has had its attempts. */
    private void sendAgain(UploadSettlement.Again again) throws IOException {
        String path = again.path();
        Path file = SyncPaths.local(root, path);
        FileEntry now = stat(path, file);
        if (now == null) {
            run.problem(path, "vanished locally during its upload; not pushed");
            return;
        }
        if (again.attempt() >= options.attempts()) {
            run.problem(path, "kept changing locally during its upload (" + again.attempt() + " attempts); not pushed");
            return;
        }
        String sha256;
        try {
            sha256 = Sha256.ofFile(file);
        } catch (IOException e) {
            run.problem(path, "cannot read it: " + e.getMessage());
            return;
        }
        FileEntry changed = new FileEntry(path, now.size(), now.mtimeMillis(), sha256);
        upload(path, changed, again.replaces(), beginFresh(path, changed, again.replaces()), null, again.attempt() + 1);
    }

    /** @return whether the server answered 400 to one upload's own request */
    private static boolean refusedRequest(IOException error) {
        return error.getCause() instanceof TurnstileException answer && answer.code() == 400;
    }

    /**
     * @return the SHA-256 of the server's file the upload replaces, as listed, or {@code null} when
     *     the server had none: the server then refuses to commit over a version the plan never saw
     */
    private static String replaced(SyncPlan.Action action) {
        return action.target() != null ? action.target().sha256() : null;
    }

    /**
     * Sends [from, size) in order, each chunk read from the file as it is sent: an attachment read
     * by the kernel straight from the file where the server takes them and the connection allows
     * it, else bytes read into the client's buffer. Nothing is hashed here: the SHA-256 announced at
     * the upload's beginning was the file's, and the server checks the bytes against it before the
     * commit renames them into place.
     *
     * @return the position reached
     */
    private long send(String upload, FileChannel channel, long from, long size) throws IOException {
        int chunkBytes = remote.uploadChunkBytes(upload);
        long offset = from;
        while (offset < size && run.stopped() == null) {
            settlement.abortRefused();
            int length = (int) Math.min(chunkBytes, size - offset);
            window.acquire();
            remote.sendChunk(upload, offset, channel, offset, length, null).whenComplete((ignored, failure) -> {
                try {
                    if (failure == null) {
                        run.transferred(length);
                    } else {
                        IOException error = RemoteFolders.typed(failure);
                        if (!(error instanceof RemoteFileChangedException || error instanceof RemoteFileMissingException)) {
                            run.stop(error);
                        }
                        // Otherwise the commit is refused and reports it.
                    }
                } finally {
                    window.release();
                }
            });
            offset += length;
        }
        return offset;
    }

    /** Sends again, from the sending thread, the files whose commits found other bytes than announced. */
    private void sendMismatched() throws IOException {
        for (UploadSettlement.Again again; run.stopped() == null && (again = settlement.nextMismatched()) != null; ) {
            sendAgain(again);
        }
    }

    private static FileEntry stat(String path, Path file) throws IOException {
        BasicFileAttributes attributes = SyncPaths.attributes(file);
        if (attributes == null || !attributes.isRegularFile()) {
            return null;
        }
        return new FileEntry(path, attributes.size(), attributes.lastModifiedTime().toMillis(), null);
    }
}
