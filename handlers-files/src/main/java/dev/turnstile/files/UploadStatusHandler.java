package dev.turnstile.files;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /upload_status}: which byte ranges of an upload have arrived, so a client that lost its
 * connection (or was stopped, and runs again) sends only the rest; with the file the upload was
 * begun for (path, size and, when given, SHA-256 and mtime), so that client can check the id it kept
 * still names the version it means to send; and, as {@code /upload_begin} does, {@code raw_chunk}
 * and {@code compress}, for a client that resumes without having begun anything on this connection.
 */
final class UploadStatusHandler extends FolderHandler {

    UploadStatusHandler(SharedFolder folder) {
        super(folder);
    }

    @Override
    public String url() {
        return "/upload_status";
    }

    @Override
    Response answer(Request request, Session session, SharedFolder folder) throws HandlerException, IOException {
        requireWritable(folder);
        Upload upload = folder.uploads().get(request.require("upload"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("upload", upload.id());
        body.put("path", upload.target().text());
        body.put("size", upload.size());
        if (upload.sha256() != null) {
            body.put("sha256", upload.sha256());
        }
        if (upload.mtimeMillis() != null) {
            body.put("mtime", upload.mtimeMillis());
        }
        body.put("received", upload.received());
        // As /upload_begin says them: a client resuming an upload of an earlier run has had no begin.
        body.put("raw_chunk", folder.settings().rawChunk());
        body.put("compress", dev.turnstile.filemodel.ChunkCodec.NAMES);
        return Response.ok(body);
    }
}
