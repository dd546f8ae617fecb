package dev.turnstile.files;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /upload_commit}: once every byte has arrived, verifies the staged file's size and
 * SHA-256, syncs it and renames it over its target, atomically ({@link UploadCommit}); answers the
 * file as it now is, and logs the change. It runs on the short lane, or on the large lane when it
 * reads a large file whole: an upload of {@link Lanes#LARGE_BYTES} or more, or a large target whose
 * hash the {@code replaces} check needs. A hash mismatch drops the upload (400); missing bytes keep
 * it (400, send them and commit again).
 */
final class UploadCommitHandler extends FolderHandler {

    UploadCommitHandler(SharedFolder folder) {
        super(folder);
    }

    @Override
    public String url() {
        return "/upload_commit";
    }

    @Override
    Response answer(Request request, Session session, SharedFolder folder) throws HandlerException, IOException {
        requireWritable(folder);
        Upload upload = folder.uploads().get(request.require("upload"));
        if (upload.committing()) {
            throw HandlerException.conflict("the upload of " + upload.target().text() + " is already being committed");
        }
        long received = upload.receivedBytes();
        if (received != upload.size()) {
            throw HandlerException.badRequest("the upload of " + upload.target().text() + " has received " + received
                    + " of its " + upload.size() + " bytes; send the missing ranges (see /upload_status) and commit again");
        }
        String client = WriteLog.client(session.remoteAddress());
        upload.startCommit();
        CompletableFuture<Response> answer = folder.lanes().submit(Lanes.Lane.SHORT, () -> {
            long reads = upload.size();
            if (upload.replaces().checked() && upload.replaces().sha256() != null) {
                FileStat target = folder.root().stat(upload.target());
                reads = Math.max(reads, target == null ? 0 : target.size());
            }
            if (Lanes.forReading(reads) == Lanes.Lane.LARGE) {
                return folder.lanes().submit(Lanes.Lane.LARGE, () -> commit(upload, client));
            }
            return CompletableFuture.completedFuture(commit(upload, client));
        }).thenCompose(stage -> stage);
        // A commit that failed before it ran (a lane refused it) can be sent again.
        return Response.later(answer.whenComplete((done, failure) -> {
            if (failure != null) {
                upload.commitFailed();
            }
        }));
    }

    private Response commit(Upload upload, String client) throws HandlerException, IOException {
        try {
            Indexer.Hashed done = folder.commits().commit(upload, client);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("path", done.file().path());
            body.put("size", done.file().size());
            body.put("mtime", done.file().mtimeMillis());
            body.put("sha256", done.sha256());
            return Response.ok(body);
        } finally {
            upload.commitFailed(); // a no-op once the upload is gone; lets a 507 be retried
        }
    }
}
