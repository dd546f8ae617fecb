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
 * When the cache knows the file's hash the chunk is read at once (1 MiB at most); otherwise the
 * answer comes {@link Response#later later}, from a background job that hashes the file, then
 * reads the chunk of that same version and builds the answer.
 */
final class GetFileDataHandler extends FolderHandler {

    /** The most bytes one answer carries, and the default length. */
    static final int MAX_LENGTH = 1024 * 1024;
    /** How often the background job opens and hashes a file that keeps changing before it answers 409. */
    static final int HASH_ATTEMPTS = 3;

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
        try (ConfinedRoot.Opened opened = folder.root().openRead(path)) {
            FileStat file = checked(opened, path, offset);
            String sha256 = folder.indexer().cache().lookup(file);
            if (sha256 != null) {
                return chunk(opened, file, sha256, path, offset, length);
            }
        }
        return later(() -> hashThenChunk(path, offset, length));
    }

    /**
     * On the background thread: the hash of the file as it is now, then the chunk of that same
     * version. A file rewritten while it is hashed is opened and hashed again, a few times.
     */
    private Response hashThenChunk(SharePath path, long offset, int length) throws HandlerException, IOException {
        for (int attempt = 0; attempt < HASH_ATTEMPTS; attempt++) {
            try (ConfinedRoot.Opened opened = folder.root().openRead(path)) {
                FileStat file = checked(opened, path, offset);
                String sha256 = folder.indexer().hash(file);
                if (sha256 != null) {
                    return chunk(opened, file, sha256, path, offset, length);
                }
            }
        }
        throw HandlerException.conflict(path.text() + " changed each time it was read; ask again once it is quiet");
    }

    /** @return the opened file's entry, after the 404 of a missing file and the 400 of an offset past its end */
    private static FileStat checked(ConfinedRoot.Opened opened, SharePath path, long offset) throws HandlerException {
        if (opened == null) {
            throw HandlerException.notFound("no file " + SharePath.quote(path.text())
                    + " in the shared folder (folders, links and special files are not served)");
        }
        FileStat file = opened.entry();
        if (offset > file.size()) {
            throw HandlerException.badRequest("\"offset\" " + offset + " is past the end of "
                    + SharePath.quote(path.text()) + ", which has " + file.size() + " bytes");
        }
        return file;
    }

    private static Response chunk(ConfinedRoot.Opened opened, FileStat file, String sha256, SharePath path, long offset,
            int length) throws IOException {
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

    /**
     * Each thread's buffers for a chunk and its base64 text (the server thread's, and the background
     * one's for a chunk that waited for its hash), kept from one request to the next: a full chunk
     * costs one read into {@code raw}, one encoding into {@code text} and the one copy that makes it
     * a {@code String}, instead of three fresh arrays of up to 1.4 MB.
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
