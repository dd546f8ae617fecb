package dev.turnstile.files;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /get_file_data} (SPEC §8): up to 1 MiB of one file from an offset, as base64, with the
 * file's size, modification time and whole-content SHA-256, so a client can fetch a file of any
 * size in pipelined chunks and verify it. Each request opens the file afresh from the root, one
 * name at a time without following links, so a link swapped in between two chunks is refused.
 * The chunk is read on the server thread (1 MiB at most); the hash comes from the cache, or the
 * answer waits ({@code retryWhen}) while the background thread computes it.
 */
public final class GetFileDataHandler extends FolderHandler {

    /** The most bytes one answer carries, and the default length. */
    static final int MAX_LENGTH = 1024 * 1024;

    /** Creates the handler; the server does this once, at start-up. */
    public GetFileDataHandler() {
    }

    GetFileDataHandler(SharedFolder folder) {
        super(folder);
    }

    @Override
    public String url() {
        return "/get_file_data";
    }

    @Override
    Response answer(Request request, Session session, SharedFolder folder) throws HandlerException, IOException {
        SharePath path = RequestPaths.parse("path", request.require("path"));
        long offset = optionalLong(request, "offset", 0, 0, Long.MAX_VALUE);
        int length = (int) Math.min(optionalLong(request, "length", MAX_LENGTH, 0, Long.MAX_VALUE), MAX_LENGTH);
        // A hash computed for an earlier call of this request is in the cache now, unless the
        // file changed meanwhile; then the job starts again for the new version.
        String pendingKey = url() + "#hash";
        java.util.concurrent.CompletableFuture<?> hashedForThisCall = null;
        if (session.attributes().get(pendingKey) instanceof PendingHash pending && pending.request().equals(request)) {
            if (!pending.future().isDone()) {
                return Response.retryWhen(pending.future(), JOB_WAIT);
            }
            session.attributes().remove(pendingKey);
            hashedForThisCall = pending.future();
        }
        try (ConfinedRoot.Opened opened = folder.root().openRead(path)) {
            if (opened == null) {
                throw HandlerException.notFound("no file " + SharePath.quote(path.text())
                        + " in the shared folder (folders, links and special files are not served)");
            }
            FileStat file = opened.entry();
            if (offset > file.size()) {
                throw HandlerException.badRequest("\"offset\" " + offset + " is past the end of "
                        + SharePath.quote(path.text()) + ", which has " + file.size() + " bytes");
            }
            String sha256 = folder.indexer().cache().lookup(file);
            if (sha256 == null) {
                // A file changed in the last seconds is not kept in the cache (racy clean): the
                // hash its job found for this very version is used.
                sha256 = hashOf(hashedForThisCall, file);
            }
            if (sha256 == null) {
                var future = folder.indexer().submit(() -> folder.indexer().settled(file));
                if (!future.isDone()) {
                    session.attributes().put(pendingKey, new PendingHash(request, future));
                    return Response.retryWhen(future, JOB_WAIT);
                }
                sha256 = hashOf(future, file);
                if (sha256 == null) {
                    // Done, yet no hash for this version: it changed while it was read. Look again
                    // a little later rather than at once, so a file being written is not re-read
                    // back to back.
                    session.attributes().put(pendingKey, new PendingHash(request, future));
                    return Response.retryAfter(RETRY);
                }
            }
            int wanted = (int) Math.min(length, file.size() - offset);
            Buffers buffers = BUFFERS.get();
            ByteBuffer data = ByteBuffer.wrap(buffers.raw, 0, wanted);
            opened.channel().position(offset);
            while (data.hasRemaining() && opened.channel().read(data) >= 0) {
                // a regular file gives what its size promised, unless it shrank meanwhile
            }
            int read = data.position();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("path", path.text());
            body.put("offset", offset);
            body.put("data", buffers.base64(read));
            body.put("size", file.size());
            body.put("mtime", file.mtimeMillis());
            body.put("sha256", sha256);
            body.put("eof", offset + read == file.size());
            return Response.ok(body);
        }
    }

    /**
     * The server thread's buffers for a chunk and its base64 text, kept from one request to the
     * next: a full chunk costs one read into {@code raw}, one encoding into {@code text} and the
     * one copy that makes it a {@code String}, instead of three fresh arrays of up to 1.4 MB.
     */
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private static final class Buffers {
        final byte[] raw = new byte[MAX_LENGTH];
        private final byte[] text = new byte[4 * ((MAX_LENGTH + 2) / 3)];

        /** @return the base64 text of {@code raw}'s first {@code count} bytes */
        String base64(int count) {
            Base64.Encoder encoder = Base64.getEncoder();
            // The encoder takes whole arrays: only a full chunk is encoded from raw itself.
            int length = count == raw.length ? encoder.encode(raw, text)
                    : encoder.encode(Arrays.copyOf(raw, count), text);
            return new String(text, 0, length, StandardCharsets.ISO_8859_1);
        }
    }

    /** @return the hash a finished job found, if it found one for exactly this look at the file */
    private static String hashOf(java.util.concurrent.CompletableFuture<?> job, FileStat file) {
        if (job == null || !job.isDone() || job.isCompletedExceptionally()) {
            return null;
        }
        return job.join() instanceof Indexer.Hashed hashed && hashed.file().equals(file) ? hashed.sha256() : null;
    }

    private record PendingHash(Request request, java.util.concurrent.CompletableFuture<?> future) {
    }
}
