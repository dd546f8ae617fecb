package dev.turnstile.files;

import dev.turnstile.filemodel.ChunkCodec;
import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.Attachment;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /get_file_data} (SPEC §8): a chunk of one file from an offset, with the file's size,
 * modification time and whole-content SHA-256, so a client can fetch a file of any size in
 * pipelined chunks and verify it. As base64 ({@code "data"}, up to 1 MiB), or with
 * {@code "encoding":"raw"} as the answer's attachment (up to 8 MiB), which the server sends from
 * the file itself ({@code sendfile} on a plain socket). A raw chunk asked for with
 * {@code "compress"} comes deflated when that saves an eighth of it ({@link CompressedChunks}).
 *
 * <p>Everything but the checks of the request runs on the {@link Lanes.Lane#SHORT short lane}: the
 * open (which a FIFO swapped in could block: the {@link OpenGuard} bounds it), the hash when the
 * index does not have the file as it looks (then the index is told to look at it), and the read. Each request opens the file afresh from the root, one name at a
 * time without following links, so a link swapped in between two chunks is refused. A file of
 * {@link Lanes#LARGE_BYTES} or more that must be hashed is handed to the large lane. A file that
 * changes while it is hashed is tried again after {@link #RETRY_AFTER}; still changing, the answer
 * is a 409.
 */
final class GetFileDataHandler extends FolderHandler {

    /** The most bytes one base64 answer carries, and its default length. */
    static final int MAX_LENGTH = 1024 * 1024;
    /** The most bytes one raw answer carries, and its default length (SPEC §8). */
    static final int MAX_RAW_LENGTH = FolderSettings.MAX_RAW_CHUNK;
    /**
     * The waits before the second and third tries at a file that changed while it was hashed; after
     * the third, a 409. So a request for a file being written is answered within about half a second
     * (and the time to read it three times).
     */
    static final List<Duration> RETRY_AFTER = List.of(Duration.ofMillis(100), Duration.ofMillis(400));

    GetFileDataHandler(SharedFolder folder) {
        super(folder);
    }

    @Override
    public String url() {
        return "/get_file_data";
    }

    /** One request's chunk. */
    private record Chunk(SharePath path, long offset, int length, boolean raw, boolean compress) {
    }

    @Override
    Response answer(Request request, Session session, SharedFolder folder) throws HandlerException, IOException {
        SharePath path = RequestPaths.parse("path", request.require("path"));
        folder.requireIncluded(path, false);
        boolean raw = raw(request);
        long offset = optionalLong(request, "offset", 0, 0, Long.MAX_VALUE);
        int cap = raw ? MAX_RAW_LENGTH : MAX_LENGTH;
        int length = (int) Math.min(optionalLong(request, "length", cap, 0, Long.MAX_VALUE), cap);
        Chunk chunk = new Chunk(path, offset, length, raw, CompressedChunks.asked(request, raw));
        return laterStage(Lanes.Lane.SHORT, () -> serve(chunk, 0, false));
    }

    private static boolean raw(Request request) throws HandlerException {
        Object encoding = request.get("encoding");
        if (encoding == null && !request.has("encoding") || "base64".equals(encoding)) {
            return false;
        }
        if ("raw".equals(encoding)) {
            return true;
        }
        throw HandlerException.badRequest("\"encoding\" must be \"raw\" or \"base64\"");
    }

    /**
     * On a lane: opens the file, finds its hash (cached, or read now from the same open file), and
     * answers the chunk of that same version.
     */
    private CompletionStage<Response> serve(Chunk chunk, int attempt, boolean onLargeLane)
            throws HandlerException, IOException {
        ConfinedRoot.Opened opened = folder.root().openRead(chunk.path());
        boolean handedOver = false;
        try {
            Look file = checked(opened, chunk.path(), chunk.offset());
            String sha256 = folder.indexedHash(file);
            if (sha256 == null) {
                if (!onLargeLane && Lanes.forReading(file.size()) == Lanes.Lane.LARGE) {
                    return folder.lanes().submit(Lanes.Lane.LARGE, () -> serve(chunk, attempt, true))
                            .thenCompose(stage -> stage);
                }
                folder.updater().noticed(file.path());
                FileHasher.Hashed hashed = folder.hasher().hashOpen(opened, chunk.path());
                if (hashed == null) {
                    return again(chunk, attempt);
                }
                sha256 = hashed.hex();
            }
            int wanted = (int) Math.min(chunk.length(), file.size() - chunk.offset());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("path", chunk.path().text());
            body.put("offset", chunk.offset());
            if (!chunk.raw()) {
                wanted = read(opened, chunk.offset(), wanted);
                body.put("data", BUFFERS.get().base64(wanted));
            }
            body.put("size", file.size());
            body.put("mtime", file.mtimeMillis());
            body.put("sha256", sha256);
            body.put("eof", chunk.offset() + wanted == file.size());
            if (!chunk.raw()) {
                return CompletableFuture.completedFuture(Response.ok(body));
            }
            ByteBuffer compressed = chunk.compress() ? CompressedChunks.read(opened, chunk.offset(), wanted) : null;
            if (compressed != null) {
                body.put(CompressedChunks.MARK, ChunkCodec.DEFLATE);
                body.put("length", wanted);
                return CompletableFuture.completedFuture(Response.ok(body).withAttachment(Attachment.of(compressed)));
            }
            // The server sends the region from the file when the connection can take it, then
            // closes the file: what a client sees if the file changes meanwhile is in docs/files.md.
            Response answer = Response.ok(body).withAttachment(Attachment.of(opened.channel(), chunk.offset(), wanted));
            handedOver = true;
            return CompletableFuture.completedFuture(answer);
        } finally {
            if (opened != null && !handedOver) {
                opened.close();
            }
        }
    }

    /** The file changed while it was hashed: tries again after a wait, or answers 409 after the last try. */
    private CompletionStage<Response> again(Chunk chunk, int attempt) {
        if (attempt >= RETRY_AFTER.size()) {
            return CompletableFuture.failedFuture(HandlerException.conflict(chunk.path().text() + " changed each time it"
                    + " was read (" + (attempt + 1) + " tries): it is being written; ask again once it is quiet"));
        }
        return folder.timer().after(RETRY_AFTER.get(attempt))
                .thenCompose(x -> folder.lanes().submit(Lanes.Lane.SHORT, () -> serve(chunk, attempt + 1, false)))
                .thenCompose(stage -> stage);
    }

    /** @return the opened file's entry, after the 404 of a missing file and the 400 of an offset past its end */
    private static Look checked(ConfinedRoot.Opened opened, SharePath path, long offset) throws HandlerException {
        if (opened == null) {
            throw HandlerException.notFound("no file " + SharePath.quote(path.text())
                    + " in the shared folder (folders, links and special files are not served)");
        }
        Look file = opened.entry();
        if (offset > file.size()) {
            throw HandlerException.badRequest("\"offset\" " + offset + " is past the end of "
                    + SharePath.quote(path.text()) + ", which has " + file.size() + " bytes");
        }
        return file;
    }

    /** Reads exactly the chunk's bytes, or fewer if the file shrank meanwhile, into this thread's buffer. */
    private static int read(ConfinedRoot.Opened opened, long offset, int wanted) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(BUFFERS.get().raw, 0, wanted);
        while (data.hasRemaining() && opened.channel().read(data, offset + data.position()) >= 0) {
            // a regular file gives what its size promised, unless it shrank meanwhile
        }
        return data.position();
    }

    /**
     * Each lane thread's buffers for a chunk and its base64 text, kept from one request to the
     * next: a full chunk costs one read into {@code raw}, one encoding into {@code text} and the one
     * copy that makes it a {@code String}, instead of three fresh arrays of up to 1.4 MB.
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
}

