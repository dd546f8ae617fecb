package dev.turnstile.files;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /upload_commit}: once every byte has arrived, verifies the staged file's size and
 * SHA-256, syncs it and renames it over its target, atomically; answers the file as it now is.
 * The verification runs on the background thread. A hash mismatch drops the upload (400); missing
 * bytes keep it (400, send them and commit again).
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
        upload.startCommit();
        return later(() -> {
            try {
                Indexer.Hashed done = folder.uploads().commit(upload, folder.indexer());
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("path", done.file().path());
                body.put("size", done.file().size());
                body.put("mtime", done.file().mtimeMillis());
                body.put("sha256", done.sha256());
                return Response.ok(body);
            } finally {
                upload.commitFailed(); // a no-op once the upload is gone; lets a 409 be retried
            }
        });
    }
}
