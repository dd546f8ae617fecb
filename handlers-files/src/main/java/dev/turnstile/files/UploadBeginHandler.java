package dev.turnstile.files;

import dev.turnstile.filemodel.ChunkCodec;
import dev.turnstile.filemodel.Sha256;
import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /upload_begin}: starts an upload of {@code "path"} with its {@code "size"}, optionally its
 * {@code "sha256"} (else the commit must give it) and its {@code "mtime"} (ms), and answers the upload's id, the suggested
 * {@code "chunk"} for base64 chunks and {@code "raw_chunk"} for chunks sent as attachments (its
 * presence tells a client that the server takes them), and {@code "compress"}: the codecs in
 * which an attachment chunk may come compressed. Nothing reaches the shared folder before
 * {@code /upload_commit}. With {@code "replaces"} (the SHA-256 the target has now, or {@code null}
 * for a new file) the commit is a 409 if the target is no longer that version. A size larger than
 * the disk's free space is a 507. {@code "mode"} sets the committed file's permission bits.
 *
 * <p>With {@code "start_from":"target"} (and {@code "replaces"} the target's SHA-256) the upload
 * begins with the target's bytes: they are copied into the staged file on a lane, hashed as they
 * are copied (they must still hash to {@code replaces}, else 409 and nothing is begun), and the
 * answer's {@code "received"} says which ranges the upload already holds, so the client sends only
 * the blocks that differ.
 */
final class UploadBeginHandler extends FolderHandler {

    /**
     * The chunk size the answer suggests: its base64 (4/3 of it) and the request around it fit
     * the default {@code max-request-bytes} of 1 MiB.
     */
    static final int SUGGESTED_CHUNK = 512 * 1024;
    /**
     * The latest modification time an upload may set: the end of the year 9999, in ms since 1970.
     * A later one would be clamped by the file system, silently; it is refused instead.
     */
    static final long MAX_MTIME = 253_402_300_799_999L;

    UploadBeginHandler(SharedFolder folder) {
        super(folder);
    }

    @Override
    public String url() {
        return "/upload_begin";
    }

    @Override
    Response answer(Request request, Session session, SharedFolder folder) throws HandlerException, IOException {
        requireWritable(folder);
        SharePath path = RequestPaths.parse("path", request.require("path"));
        folder.requireIncluded(path, true);
        long size = requireLong(request, "size", 0, Long.MAX_VALUE);
        // Optional: a client may hash the file while it sends it, and give the hash at the commit.
        Object sha256 = request.get("sha256");
        if (sha256 != null && !Sha256.isHex(sha256)) {
            throw HandlerException.badRequest("\"sha256\" must be 64 lowercase hex digits, or left out to give it at"
                    + " the commit");
        }
        Long mtime = request.has("mtime") ? optionalLong(request, "mtime", 0, 0, MAX_MTIME) : null;
        Upload.Replaces replaces = Upload.Replaces.ANYTHING;
        if (request.has("replaces")) {
            Object current = request.get("replaces");
            if (current != null && !Sha256.isHex(current)) {
                throw HandlerException.badRequest("\"replaces\" must be 64 lowercase hex digits, or null for a new file");
            }
            replaces = new Upload.Replaces(true, (String) current);
        }
        Integer mode = Modes.optional(request);
        boolean fromTarget = startFromTarget(request, replaces);
        Upload upload = folder.uploads().begin(path, size, (String) sha256, mtime, mode, replaces);
        if (fromTarget) {
            return laterStage(Lanes.Lane.SHORT, () -> {
                Look target = folder.root().stat(path);
                if (target != null && Lanes.forReading(target.size()) == Lanes.Lane.LARGE) {
                    return folder.lanes().submit(Lanes.Lane.LARGE, () -> begun(upload, true));
                }
                return CompletableFuture.completedFuture(begun(upload, true));
            });
        }
        return begun(upload, false);
    }

    /** @return whether the request asks the upload to begin with the target's bytes, which it then must replace */
    private static boolean startFromTarget(Request request, Upload.Replaces replaces) throws HandlerException {
        if (!request.has("start_from")) {
            return false;
        }
        if (!"target".equals(request.get("start_from"))) {
            throw HandlerException.badRequest("\"start_from\" must be \"target\"");
        }
        if (replaces.sha256() == null) {
            throw HandlerException.badRequest("\"start_from\":\"target\" needs \"replaces\": the SHA-256 of the target"
                    + " whose bytes the upload begins with");
        }
        return true;
    }

    private Response begun(Upload upload, boolean fromTarget) throws HandlerException, IOException {
        if (fromTarget) {
            try {
                new TargetBytes(folder, upload).copy();
            } catch (IOException | RuntimeException e) {
                folder.uploads().abort(upload);
                throw e;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("upload", upload.id());
        body.put("path", upload.target().text());
        body.put("size", upload.size());
        body.put("chunk", SUGGESTED_CHUNK);
        body.put("raw_chunk", folder.settings().rawChunk());
        body.put("compress", ChunkCodec.NAMES);
        if (fromTarget) {
            body.put("received", upload.received());
        }
        return Response.ok(body);
    }
}
