package dev.turnstile.files;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code /upload_commit}: once every byte of an upload has arrived, verifies it, puts it in place
 * and makes it durable ({@link CommitBatch}), and answers the file as it now is. With
 * {@code "upload":ID} one upload (optionally keeping the version it replaces as
 * {@code "keep_replaced_as"}); with {@code "uploads":[ID,…]} up to {@link #MAX_BATCH} at once, each
 * committed or refused on its own, their folders forced once. A hash mismatch drops the upload
 * (400); missing bytes keep it (400, send them and commit again). An upload begun without its
 * {@code "sha256"} is given it here: {@code "sha256"} beside {@code "upload"}, or in a batch an
 * element {@code {"upload":ID,"sha256":…}} instead of the plain id; without it either way, a 400
 * names what to send.
 */
final class UploadCommitHandler extends FolderHandler {

    /** The most uploads one batch commits. */
    static final int MAX_BATCH = 1000;

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
        String client = WriteLog.client(session.remoteAddress());
        if (request.has("uploads")) {
            return batch(request, client);
        }
        Upload upload = folder.uploads().get(request.require("upload"));
        String sha256 = givenHash(request.get("sha256"));
        SharePath keep = keep(request, upload);
        ready(upload);
        upload.hashAtCommit(sha256);
        upload.startCommit();
        CompletableFuture<Response> answer = new CommitBatch(folder, List.of(new CommitBatch.Item(upload, keep)), client)
                .run().thenApply(outcomes -> {
                    CommitBatch.Outcome outcome = outcomes.get(0);
                    if (outcome.refused() != null) {
                        throw new CompletionException(outcome.refused());
                    }
                    return Response.ok(body(outcome.done()));
                });
        return Response.later(answer);
    }

    private Response batch(Request request, String client) throws HandlerException {
        if (request.has("upload") || request.has("keep_replaced_as")) {
            throw HandlerException.badRequest("\"uploads\" commits a batch; \"upload\" and \"keep_replaced_as\" are for"
                    + " one upload");
        }
        if (request.has("sha256")) {
            throw HandlerException.badRequest("\"sha256\" is for one upload; in a batch, give each upload as"
                    + " {\"upload\":ID,\"sha256\":…}");
        }
        if (!(request.get("uploads") instanceof List<?> elements) || elements.isEmpty() || elements.size() > MAX_BATCH) {
            throw HandlerException.badRequest("\"uploads\" must be a list of 1 to " + MAX_BATCH + " upload ids (or"
                    + " {\"upload\":ID,\"sha256\":…} objects)");
        }
        List<CommitBatch.Item> items = new ArrayList<>();
        List<Map<String, Object>> refusedNow = new ArrayList<>();
        for (Object element : elements) {
            // An element is an id, or an object with the id and the SHA-256 of an upload begun without one.
            Object id = element instanceof Map<?, ?> object ? object.get("upload") : element;
            try {
                Upload upload = folder.uploads().get(id);
                String sha256 = element instanceof Map<?, ?> object ? givenHash(object.get("sha256")) : null;
                ready(upload);
                if (items.stream().anyMatch(item -> item.upload() == upload)) {
                    throw HandlerException.badRequest("the upload " + SharePath.quote(upload.id()) + " is listed twice");
                }
                upload.hashAtCommit(sha256);
                items.add(new CommitBatch.Item(upload, null));
            } catch (HandlerException refused) {
                refusedNow.add(failure(id, refused));
            }
        }
        items.forEach(item -> item.upload().startCommit());
        CompletableFuture<List<CommitBatch.Outcome>> outcomes = items.isEmpty()
                ? CompletableFuture.completedFuture(List.of()) : new CommitBatch(folder, items, client).run();
        return Response.later(outcomes.thenApply(done -> {
            List<Map<String, Object>> committed = new ArrayList<>();
            List<Map<String, Object>> failed = new ArrayList<>(refusedNow);
            for (CommitBatch.Outcome outcome : done) {
                if (outcome.refused() != null) {
                    failed.add(failure(outcome.upload().id(), outcome.refused()));
                } else {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("upload", outcome.upload().id());
                    entry.putAll(body(outcome.done()));
                    committed.add(entry);
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("committed", committed);
            body.put("failed", failed);
            return Response.ok(body);
        }));
    }

    /**
     * @param value a commit's {@code "sha256"}, or {@code null}
     * @return it, checked
     * @throws HandlerException 400 when it is not 64 lowercase hex digits
     */
    private static String givenHash(Object value) throws HandlerException {
        if (value != null && !Sha256.isHex(value)) {
            throw HandlerException.badRequest("\"sha256\" must be 64 lowercase hex digits: the SHA-256 of the whole"
                    + " file");
        }
        return (String) value;
    }

    /** @throws HandlerException 409 while it is being committed, 400 while bytes are missing */
    private static void ready(Upload upload) throws HandlerException {
        if (upload.committing()) {
            throw HandlerException.conflict("the upload of " + upload.target().text() + " is already being committed");
        }
        long received = upload.receivedBytes();
        if (received != upload.size()) {
            throw HandlerException.badRequest("the upload of " + upload.target().text() + " has received " + received
                    + " of its " + upload.size() + " bytes; send the missing ranges (see /upload_status) and commit again");
        }
    }

    /**
     * The optional {@code "keep_replaced_as"}: a path in the target's folder, other than the target,
     * for an upload that replaces a known version.
     */
    private SharePath keep(Request request, Upload upload) throws HandlerException {
        if (!request.has("keep_replaced_as")) {
            return null;
        }
        SharePath keep = RequestPaths.parse("keep_replaced_as", request.get("keep_replaced_as"));
        if (!keep.parents().equals(upload.target().parents()) || keep.equals(upload.target())) {
            throw HandlerException.badRequest("\"keep_replaced_as\" " + SharePath.quote(keep.text()) + " must name another"
                    + " file in the folder of " + SharePath.quote(upload.target().text()));
        }
        if (upload.replaces().sha256() == null) {
            throw HandlerException.badRequest("\"keep_replaced_as\" keeps the version the upload replaces: begin the"
                    + " upload with \"replaces\" set to that version's SHA-256");
        }
        folder.requireIncluded(keep, true);
        return keep;
    }

    private static Map<String, Object> failure(Object id, HandlerException refused) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("upload", id);
        entry.put("code", refused.code());
        entry.put("error", refused.getMessage());
        return entry;
    }

    private static Map<String, Object> body(FileHasher.Hashed done) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", done.file().path());
        body.put("size", done.file().size());
        body.put("mtime", done.file().mtimeMillis());
        body.put("sha256", done.hex());
        if (done.file().mode() != Look.UNKNOWN_MODE) {
            body.put("mode", done.file().mode());
        }
        return body;
    }
}
