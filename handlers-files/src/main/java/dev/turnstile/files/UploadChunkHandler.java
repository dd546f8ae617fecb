package dev.turnstile.files;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /upload_chunk}: writes {@code "data"} (base64) at {@code "offset"} of an upload's staged
 * file. Chunks may come in any order and be sent again, so a client can pipeline them and resend
 * what a dropped connection lost.
 */
final class UploadChunkHandler extends FolderHandler {

    UploadChunkHandler(SharedFolder folder) {
        super(folder);
    }

    @Override
    public String url() {
        return "/upload_chunk";
    }

    @Override
    Response answer(Request request, Session session, SharedFolder folder) throws HandlerException, IOException {
        requireWritable(folder);
        Upload upload = folder.uploads().get(request.require("upload"));
        long offset = optionalLong(request, "offset", 0, 0, Long.MAX_VALUE);
        byte[] data;
        try {
            data = Base64.getDecoder().decode(request.requireString("data"));
        } catch (IllegalArgumentException e) {
            throw HandlerException.badRequest("\"data\" must be standard base64");
        }
        if (upload.committing()) {
            throw HandlerException.conflict("the upload of " + upload.target().text() + " is being committed");
        }
        upload.write(offset, data, folder.nanoTime());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("upload", upload.id());
        body.put("offset", offset);
        body.put("length", data.length);
        body.put("received", upload.receivedBytes());
        return Response.ok(body);
    }
}
