package dev.turnstile.files;

import dev.turnstile.filemodel.FileStat;
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

/**
 * {@code /delete_file}: removes {@code "path"} if its content still has the {@code "sha256"} the
 * client expects, and answers 409 when it changed meanwhile, so a sync never deletes a version it
 * has not seen. The hash check and the unlink run on the background thread.
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
        Object expected = request.require("sha256");
        if (!Sha256.isHex(expected)) {
            throw HandlerException.badRequest("\"sha256\" must be 64 lowercase hex digits");
        }
        return later(() -> delete(folder, path, (String) expected));
    }

    private static Response delete(SharedFolder folder, SharePath path, String expected) throws IOException, HandlerException {
        FileStat file = folder.root().stat(path);
        Indexer.Hashed current = file == null ? null : folder.indexer().settledForOverwrite(file);
        if (current == null) {
            throw HandlerException.notFound("no file " + SharePath.quote(path.text()) + " in the shared folder");
        }
        if (!current.sha256().equals(expected)) {
            throw HandlerException.conflict(path.text() + " changed: its SHA-256 is now " + current.sha256()
                    + ", not " + expected + "; nothing was deleted");
        }
        try (SecureDirectoryStream<Path> parent = folder.root().openFolder(path.parents(), false)) {
            if (parent == null) {
                throw HandlerException.notFound("no file " + SharePath.quote(path.text()) + " in the shared folder");
            }
            // unlinkat removes the name itself, so a link swapped in is what goes, never its target.
            parent.deleteFile(Path.of(path.name()));
        }
        folder.indexer().cache().remove(path.text());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", path.text());
        body.put("deleted", true);
        return Response.ok(body);
    }
}
