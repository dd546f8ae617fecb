package dev.turnstile.files;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /upload_chunk}: writes a chunk at {@code "offset"} of an upload's staged file: the bytes
 * of the request's attachment, or {@code "data"} (base64), not both. Chunks may come in any order
 * and be sent again, so a client can pipeline them and resend what a dropped connection lost.
 * The write runs on the server thread, straight from the request's bytes: the staged file is in
 * the plugin's own folder (no FIFO can be swapped in there), and it is at most one request long.
 * The chunk that completes an upload starts its seal (forced to disk, hashed) on the flush lane.
 * An attachment marked {@code "compressed"} is inflated first, into exactly its {@code "length"}
 * ({@link CompressedChunks}); the answer's {@code "length"} counts the inflated bytes.
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
        ByteBuffer data = bytes(request, folder.settings().rawChunk(), offset, upload);
        if (upload.committing()) {
            throw HandlerException.conflict("the upload of " + upload.target().text() + " is being committed");
        }
        int length = data.remaining();
        upload.write(offset, data, folder.nanoTime());
        if (upload.complete()) {
            upload.seal(folder.lanes()); // its fsync and hash begin now, while the client sends what comes next
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("upload", upload.id());
        body.put("offset", offset);
        body.put("length", length);
        body.put("received", upload.receivedBytes());
        return Response.ok(body);
    }

    /** @return the chunk: the attachment, valid while the handler runs, or the decoded {@code "data"} */
    private static ByteBuffer bytes(Request request, int rawChunk, long offset, Upload upload) throws HandlerException {
        ByteBuffer attachment = request.attachment();
        if (attachment != null) {
            if (request.has("data")) {
                throw HandlerException.badRequest("a chunk comes either as the attachment or as \"data\", not both");
            }
            return CompressedChunks.inflated(request, attachment, rawChunk,
                    "the chunk at offset " + offset + " of " + upload.target().text());
        }
        if (request.has(CompressedChunks.MARK)) {
            throw HandlerException.badRequest("only a chunk sent as the attachment can be \"" + CompressedChunks.MARK
                    + "\"");
        }
        if (!request.has("data")) {
            throw HandlerException.badRequest("\"data\" is required (base64), unless the chunk comes as an attachment");
        }
        try {
            return ByteBuffer.wrap(Base64.getDecoder().decode(request.requireString("data")));
        } catch (IllegalArgumentException e) {
            throw HandlerException.badRequest("\"data\" must be standard base64");
        }
    }
}
