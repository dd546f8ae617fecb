package dev.turnstile.files;

import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import java.nio.file.attribute.BasicFileAttributes;

/** What {@code /make_folder} and {@code /remove_folder} share: the folder's path, and how a thing in its way is named. */
final class FolderRequests {

    private FolderRequests() {
    }

    /**
     * @return the folder's path, checked as every request's path is, never the root, not excluded
     * @throws HandlerException 400 for a bad path or the root, 403 for an excluded one
     */
    static SharePath folder(Request request, SharedFolder folder, String doing) throws HandlerException {
        Object value = request.require("path");
        if ("/".equals(value)) {
            throw HandlerException.badRequest("the shared folder's root is never " + doing
                    + "; name a folder in it, such as \"/docs\"");
        }
        SharePath path = RequestPaths.parse("path", value);
        folder.requireIncludedFolder(path);
        return path;
    }

    /** @return 409: what is at {@code path} is not a folder, and is left as it is */
    static HandlerException notAFolder(String path, BasicFileAttributes found, String nothing) {
        if (found == null) {
            return HandlerException.conflict(SharePath.quote(path) + " changed while it was looked at; nothing was "
                    + nothing);
        }
        String what = found.isSymbolicLink() ? "a link"
                : found.isRegularFile() ? "a file" : "a special file";
        return HandlerException.conflict(SharePath.quote(path) + " is " + what + ", not a folder (never followed);"
                + " nothing was " + nothing);
    }
}
