package dev.turnstile.client.sync;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;

/**
 * Carries out a push plan: deletions (each only if the server's file is still the listed version),
 * then uploads. A file is read once, in order, hashed as it is read and sent in chunks, many in
 * flight; only when the bytes sent hash to the SHA-256 announced at the upload's beginning is the
 * commit sent, so a file that changed while being read is never committed half old, half new: its
 * upload is aborted and the file hashed and sent again, up to {@link SyncOptions#attempts()} times.
 */
final class Pusher {

    private final RemoteFolder remote;
    private final Path root;
    private final SyncOptions options;
    private final SyncRun run;
    private final Window window;
    private final int chunkBytes;

    Pusher(RemoteFolder remote, Path root, SyncOptions options, SyncRun run) {
        this.remote = remote;
        this.root = root;
        this.options = options;
        this.run = run;
        this.window = new Window(options.window());
        this.chunkBytes = remote.maxChunkBytes();
    }

    void run(SyncPlan plan) throws IOException {
        for (SyncPlan.Action action : plan.actions(SyncPlan.Kind.DELETE)) {
            if (run.stopped() != null) {
                break;
            }
            window.acquire();
            remote.delete(action.path(), action.target().sha256()).whenComplete((ignored, failure) -> {
                try {
                    if (failure == null) {
                        run.deleted(action.path());
                        return;
                    }
                    IOException error = RemoteFolders.typed(failure);
                    if (error instanceof RemoteFileMissingException) {
                        run.deleted(action.path());
                    } else if (error instanceof RemoteFileChangedException) {
                        run.problem(action.path(), "changed on the server since it was listed; not deleted");
                    } else {
                        run.stop(error);
                    }
                } finally {
                    window.release();
                }
            });
        }
        window.drain();
        for (SyncPlan.Action action : plan.actions(SyncPlan.Kind.COPY)) {
            if (run.stopped() != null) {
                break;
            }
            upload(action.path(), action.source(), replaced(action), 1);
        }
        window.drain();
        if (run.stopped() != null) {
            throw run.stopped();
        }
    }

    private void upload(String path, FileEntry source, String replaces, int attempt) throws IOException {
        run.current(path);
        Upload upload;
        try {
            upload = remote.beginUpload(path, source.size(), source.sha256(), source.mtimeMillis(), replaces).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the server");
        } catch (ExecutionException e) {
            IOException error = RemoteFolders.typed(e.getCause());
            if (error instanceof RemoteFileChangedException || error instanceof RemoteFileMissingException) {
                run.problem(path, "the server refused the upload: " + error.getMessage());
                return;
            }
            run.stop(error);
            return;
        }
        Path file = SyncPaths.local(root, path);
        MessageDigest digest = Sha256.digest();
        long sent;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long resumeFrom = Math.min(upload.resumeFrom(), source.size());
            if (Sha256.update(digest, channel, 0, resumeFrom) != resumeFrom) {
                resumeFrom = 0;
                digest.reset();
            }
            run.resumed(resumeFrom);
            sent = send(path, upload.id(), channel, resumeFrom, source.size(), digest);
        } catch (IOException e) {
            abort(upload);
            run.problem(path, "cannot read it: " + e.getMessage());
            return;
        }
        FileEntry now = stat(path, file);
        if (run.stopped() != null) {
            return;
        }
        if (sent == source.size() && Sha256.hex(digest).equals(source.sha256()) && now != null
                && now.size() == source.size() && now.mtimeMillis() == source.mtimeMillis()) {
            commit(path, upload);
            return;
        }
        abort(upload);
        if (now == null) {
            run.problem(path, "vanished locally during its upload; not pushed");
        } else if (attempt >= options.attempts()) {
            run.problem(path, "kept changing locally during its upload (" + attempt + " attempts); not pushed");
        } else {
            upload(path, new FileEntry(path, now.size(), now.mtimeMillis(), Sha256.file(file)), replaces, attempt + 1);
        }
    }

    /**
     * @return the SHA-256 of the server's file the upload replaces, as listed, or {@code null} when
     *     the server had none: the server then refuses to commit over a version the plan never saw
     */
    private static String replaced(SyncPlan.Action action) {
        return action.target() != null ? action.target().sha256() : null;
    }

    /** Reads [from, size) in order, hashing and sending it; @return the position reached. */
    private long send(String path, String upload, FileChannel channel, long from, long size, MessageDigest digest)
            throws IOException {
        long offset = from;
        while (offset < size && run.stopped() == null) {
            byte[] data = new byte[(int) Math.min(chunkBytes, size - offset)];
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    return offset;
                }
            }
            digest.update(data);
            window.acquire();
            remote.sendChunk(upload, offset, data).whenComplete((ignored, failure) -> {
                try {
                    if (failure == null) {
                        run.transferred(data.length);
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
            offset += data.length;
        }
        return offset;
    }

    private void commit(String path, Upload upload) throws IOException {
        window.acquire();
        remote.commit(upload.id()).whenComplete((ignored, failure) -> {
            try {
                if (failure == null) {
                    run.copied(path);
                    return;
                }
                IOException error = RemoteFolders.typed(failure);
                if (error instanceof RemoteFileChangedException || error instanceof RemoteFileMissingException) {
                    run.problem(path, "the server refused the upload: " + error.getMessage());
                } else {
                    run.stop(error);
                }
            } finally {
                window.release();
            }
        });
    }

    private void abort(Upload upload) throws IOException {
        window.acquire();
        remote.abort(upload.id()).whenComplete((ignored, failure) -> window.release());
    }

    private static FileEntry stat(String path, Path file) throws IOException {
        BasicFileAttributes attributes = SyncPaths.attributes(file);
        if (attributes == null || !attributes.isRegularFile()) {
            return null;
        }
        return new FileEntry(path, attributes.size(), attributes.lastModifiedTime().toMillis(), null);
    }
}
