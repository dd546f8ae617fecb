package dev.turnstile.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /set_attributes} (writable folders only): sets the permission bits ({@code "mode"}) and/or
 * the modification time ({@code "mtime"}, ms) of {@code "path"} if its content still has the
 * {@code "sha256"} the client expects (else 409, as {@code /delete_file}), so a change of mode or of
 * time alone travels without its content. The change enters the index at once and is logged. The
 * attributes are set through the folder's handle without following a link, bounded by the
 * {@link OpenGuard} (Java opens the file to set them, and a FIFO swapped in would block that open).
 */
final class SetAttributesHandler extends FolderHandler {

    SetAttributesHandler(SharedFolder folder) {
        super(folder);
    }

    @Override
    public String url() {
        return "/set_attributes";
    }

    /** One request's change. */
    private record Change(SharePath path, String sha256, Integer mode, Long mtimeMillis, String client) {
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
        Integer mode = Modes.optional(request);
        Long mtime = request.has("mtime") ? optionalLong(request, "mtime", 0, 0, UploadBeginHandler.MAX_MTIME) : null;
        if (mode == null && mtime == null) {
            throw HandlerException.badRequest("give \"mode\", \"mtime\" or both: the attributes to set");
        }
        Change change = new Change(path, (String) expected, mode, mtime, WriteLog.client(session.remoteAddress()));
        return laterStage(Lanes.Lane.SHORT, () -> {
            Look file = folder.root().stat(path);
            if (file == null) {
                throw missing(path);
            }
            if (Lanes.forReading(file.size()) == Lanes.Lane.LARGE) {
                return folder.lanes().submit(Lanes.Lane.LARGE, () -> set(file, change));
            }
            return CompletableFuture.completedFuture(set(file, change));
        });
    }

    private Response set(Look file, Change change) throws HandlerException, IOException {
        FileHasher.Hashed current = folder.currentHash(file);
        SharePath path = change.path();
        if (current == null) {
            throw missing(path);
        }
        if (current.changing()) {
            throw HandlerException.conflict(path.text() + " is being written (it changed each time it was read);"
                    + " nothing was changed");
        }
        if (!current.hex().equals(change.sha256())) {
            throw HandlerException.conflict(path.text() + " changed: its SHA-256 is now " + current.hex() + ", not "
                    + change.sha256() + "; nothing was changed");
        }
        try (SecureDirectoryStream<Path> parent = folder.root().openFolder(path.parents(), false, path.text())) {
            if (parent == null) {
                throw missing(path);
            }
            Path name = ConfinedRoot.name(path.name());
            folder.guard().open(parent, path.name(), path.text(), () -> {
                if (change.mode() != null) {
                    parent.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW_LINKS)
                            .setPermissions(Modes.permissions(change.mode()));
                }
                if (change.mtimeMillis() != null) {
                    parent.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW_LINKS)
                            .setTimes(FileTime.fromMillis(change.mtimeMillis()), null, null);
                }
                return null;
            });
        }
        Look now = folder.root().stat(path);
        if (now == null) {
            throw missing(path);
        }
        folder.updater().own(now);
        folder.index().apply(now, HexFormat.of().parseHex(current.hex()), false, Long.MAX_VALUE);
        WriteLog.attributes(path.text(), change.mode(), change.mtimeMillis(), change.client());
        return Response.ok(Entries.file(now, current.hex()));
    }

    private static HandlerException missing(SharePath path) {
        return HandlerException.notFound("no file " + SharePath.quote(path.text()) + " in the shared folder");
    }
}
