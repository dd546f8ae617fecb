package dev.turnstile.files;

import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.Attachment;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /get_blocks}: the SHA-256 of each {@link BlockStore#BLOCK_BYTES} block of a file of
 * {@link BlockStore#FROM_BYTES} or more, as the answer's attachment (32 raw bytes a block, the last
 * block shorter), with the file's size, time and whole hash, so a client fetches only the blocks that
 * differ from its own copy (or, pushing, sends only those). The hashes are the index's, computed when
 * the file was hashed; a file the index does not have as it looks (or whose block hashes were lost)
 * is read now, on the large lane.
 */
final class GetBlocksHandler extends FolderHandler {

    GetBlocksHandler(SharedFolder folder) {
        super(folder);
    }

    @Override
    public String url() {
        return "/get_blocks";
    }

    @Override
    Response answer(Request request, Session session, SharedFolder folder) throws HandlerException {
        SharePath path = RequestPaths.parse("path", request.require("path"));
        folder.requireIncluded(path, false);
        return Response.later(folder.index().ready().thenCompose(ready -> folder.lanes().submit(Lanes.Lane.SHORT,
                () -> blocks(path))).thenCompose(stage -> stage));
    }

    /** On the short lane: the stored hashes, or a job on the large lane that computes them. */
    private CompletionStage<Response> blocks(SharePath path) throws HandlerException, IOException {
        Look file = folder.root().stat(path);
        if (file == null) {
            throw HandlerException.notFound("no file " + SharePath.quote(path.text())
                    + " in the shared folder (folders, links and special files are not served)");
        }
        if (!BlockStore.kept(file.size())) {
            throw HandlerException.badRequest(SharePath.quote(path.text()) + " has " + file.size() + " bytes: block"
                    + " hashes are kept for files of " + BlockStore.FROM_BYTES + " bytes or more; fetch it whole");
        }
        String sha256 = folder.indexedHash(file);
        byte[] hashes = sha256 == null ? null : folder.blocks().get(HexFormat.of().parseHex(sha256), file.size());
        if (hashes != null) {
            return CompletableFuture.completedFuture(answer(file, sha256, hashes));
        }
        return folder.lanes().submit(Lanes.Lane.LARGE, () -> computed(file));
    }

    /** Reads the file to hash it (its block hashes with it), as it is now. */
    private Response computed(Look file) throws HandlerException, IOException {
        FileHasher.Hashed hashed = folder.hasher().settled(file);
        if (hashed == null) {
            throw HandlerException.notFound("no file " + SharePath.quote(file.path()) + " in the shared folder");
        }
        if (hashed.changing()) {
            throw HandlerException.conflict(file.path() + " changed each time it was read: it is being written; ask"
                    + " again once it is quiet");
        }
        folder.updater().noticed(file.path());
        byte[] hashes = folder.blocks().get(hashed.sha256(), hashed.file().size());
        if (hashes == null) {
            throw new IOException("the block hashes of " + file.path() + " could not be stored");
        }
        return answer(hashed.file(), hashed.hex(), hashes);
    }

    private static Response answer(Look file, String sha256, byte[] hashes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", file.path());
        body.put("size", file.size());
        body.put("mtime", file.mtimeMillis());
        body.put("sha256", sha256);
        body.put("block", BlockStore.BLOCK_BYTES);
        body.put("count", hashes.length / 32);
        return Response.ok(body).withAttachment(Attachment.of(ByteBuffer.wrap(hashes)));
    }
}
