package dev.turnstile.files;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /upload_abort}: drops an upload and its staged bytes; the shared folder is untouched. */
final class UploadAbortHandler extends FolderHandler {

    UploadAbortHandler(SharedFolder folder) {
        super(folder);
    }

    @Override
    public String url() {
        return "/upload_abort";
    }

    @Override
    Response answer(Request request, Session session, SharedFolder folder) throws HandlerException, IOException {
        requireWritable(folder);
        Upload upload = folder.uploads().get(request.require("upload"));
        if (upload.committing()) {
            throw HandlerException.conflict("the upload of " + upload.target().text() + " is being committed");
        }
        folder.uploads().abort(upload);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("upload", upload.id());
        body.put("aborted", true);
        return Response.ok(body);
    }
}
