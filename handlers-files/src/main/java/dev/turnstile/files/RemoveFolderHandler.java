package dev.turnstile.files;

import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /remove_folder} (writable folders only): removes the folder {@code "path"} if it is empty,
 * so that a push with {@code --delete} removes an empty folder the client lacks. A folder that holds
 * anything at all (a file the client does not see, such as an excluded one, or an upload's hidden
 * copy) stays: 409. The name is removed through its parent's handle ({@code unlinkat} with
 * {@code AT_REMOVEDIR}), which fails on a link or a file swapped in, so neither is ever followed or
 * removed. The removal is forced to disk, logged, and enters the index at once.
 */
final class RemoveFolderHandler extends FolderHandler {

    RemoveFolderHandler(SharedFolder folder) {
        super(folder);
    }

    @Override
    public String url() {
        return "/remove_folder";
    }

    @Override
    Response answer(Request request, Session session, SharedFolder folder) throws HandlerException, IOException {
        requireWritable(folder);
        SharePath path = FolderRequests.folder(request, folder, "removed");
        String client = WriteLog.client(session.remoteAddress());
        return later(Lanes.Lane.SHORT, () -> remove(path, client));
    }

    private Response remove(SharePath path, String client) throws IOException, HandlerException {
        try (SecureDirectoryStream<Path> parent = folder.root().openFolder(path.parents(), false, path.text())) {
            if (parent == null) {
                throw missing(path);
            }
            BasicFileAttributes found = ConfinedRoot.attributes(parent, path.name());
            if (found == null) {
                throw missing(path);
            }
            if (!found.isDirectory()) {
                throw FolderRequests.notAFolder(path.text(), found, "removed");
            }
            try {
                parent.deleteDirectory(ConfinedRoot.name(path.name()));
            } catch (DirectoryNotEmptyException e) {
                throw HandlerException.conflict(SharePath.quote(path.text()) + " is not empty; nothing was removed");
            } catch (NoSuchFileException e) {
                throw missing(path);
            } catch (FileSystemException e) {
                // ENOTDIR: a link or a file took the folder's place since the look; it stays.
                throw FolderRequests.notAFolder(path.text(), ConfinedRoot.attributes(parent, path.name()), "removed");
            }
            ConfinedRoot.force(parent);
        }
        folder.index().removed(path.text(), Long.MAX_VALUE);
        WriteLog.removedFolder(path.text(), client);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", path.text());
        body.put("removed", true);
        return Response.ok(body);
    }

    private static HandlerException missing(SharePath path) {
        return HandlerException.notFound("no folder " + SharePath.quote(path.text()) + " in the shared folder");
    }
}
