package dev.turnstile.files;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /delete_file}: removes {@code "path"} if its content still has the {@code "sha256"} the
 * client expects, and answers 409 when it changed meanwhile, so a sync never deletes a version it
 * has not seen; the delete is logged, forced to disk, and enters the index at once. The file is
 * looked at on the short lane; its hash is the index's while the watcher runs and has told of no
 * change of it not yet applied, else it is read, on the lane its size calls for.
 */
final class DeleteFileHandler extends FolderHandler {

    DeleteFileHandler(SharedFolder folder) {
        super(folder);
    }

    @Override
    public String url() {
        return "/delete_file";
    }

    @Override
    Response answer(Request request, Session session, SharedFolder folder) throws HandlerException, IOException {
        requireWritable(folder);
        SharePath path = RequestPaths.parse("path", request.require("path"));
        folder.requireIncluded(path, true);
        Object expected = request.require("sha256");
        if (!Sha256.isHex(expected)) {
            throw HandlerException.badRequest("\"sha256\" must be 64 lowercase hex digits");
        }
        String client = WriteLog.client(session.remoteAddress());
        return laterStage(Lanes.Lane.SHORT, () -> {
            Look file = folder.root().stat(path);
            if (file == null) {
                throw missing(path);
            }
            if (Lanes.forReading(file.size()) == Lanes.Lane.LARGE) {
                return folder.lanes().submit(Lanes.Lane.LARGE, () -> delete(file, path, (String) expected, client));
            }
            return CompletableFuture.completedFuture(delete(file, path, (String) expected, client));
        });
    }

    private Response delete(Look file, SharePath path, String expected, String client)
            throws IOException, HandlerException {
        FileHasher.Hashed current = folder.currentHash(file);
        if (current == null) {
            throw missing(path);
        }
        if (current.changing()) {
            throw HandlerException.conflict(path.text() + " is being written (it changed each time it was read);"
                    + " nothing was deleted");
        }
        if (!current.hex().equals(expected)) {
            throw HandlerException.conflict(path.text() + " changed: its SHA-256 is now " + current.hex()
                    + ", not " + expected + "; nothing was deleted");
        }
        try (SecureDirectoryStream<Path> parent = folder.root().openFolder(path.parents(), false, path.text())) {
            if (parent == null) {
                throw missing(path);
            }
            // unlinkat removes the name itself, so a link swapped in is what goes, never its target.
            parent.deleteFile(ConfinedRoot.name(path.name()));
            ConfinedRoot.force(parent);
        }
        folder.index().removed(path.text(), Long.MAX_VALUE);
        WriteLog.deleted(path.text(), current.file().size(), current.hex(), client);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", path.text());
        body.put("deleted", true);
        return Response.ok(body);
    }

    private static HandlerException missing(SharePath path) {
        return HandlerException.notFound("no file " + SharePath.quote(path.text()) + " in the shared folder");
    }
}
