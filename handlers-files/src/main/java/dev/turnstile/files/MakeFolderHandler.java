package dev.turnstile.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /make_folder} (writable folders only): makes the folder {@code "path"} and any missing
 * folder above it, so that an empty folder travels on a push; the folder itself gets the permission
 * bits {@code "mode"} if given (0700 to 0777). Each folder is made by the {@link FolderMaker}, as an
 * upload's are: nothing is made through a link, nor outside the root under a race. A file, a link or
 * a special file in the way is a 409 naming it. The folders made enter the index at once, and a
 * rescan of the first of them sets the watcher's watch on it (its report would have come too late
 * for the answer, and a folder the index knows is not scanned again on a report).
 */
final class MakeFolderHandler extends FolderHandler {

    MakeFolderHandler(SharedFolder folder) {
        super(folder);
    }

    @Override
    public String url() {
        return "/make_folder";
    }

    @Override
    Response answer(Request request, Session session, SharedFolder folder) throws HandlerException, IOException {
        requireWritable(folder);
        SharePath path = FolderRequests.folder(request, folder, "made");
        Integer mode = Modes.optionalFolder(request);
        String client = WriteLog.client(session.remoteAddress());
        return later(Lanes.Lane.SHORT, () -> make(path, mode, client));
    }

    private Response make(SharePath path, Integer mode, String client) throws IOException, HandlerException {
        List<String> names = path.segments();
        List<Look> made = new ArrayList<>();
        StringBuilder at = new StringBuilder();
        SecureDirectoryStream<Path> current = folder.root().openTop();
        try {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                at.append('/').append(name);
                BasicFileAttributes found = ConfinedRoot.attributes(current, name);
                if (found == null) {
                    folder.root().makeFolder(current, name);
                    if (i == names.size() - 1 && mode != null) {
                        setMode(current, name, path.text(), mode);
                    }
                    ConfinedRoot.force(current);
                    found = ConfinedRoot.attributes(current, name);
                    if (found != null && found.isDirectory()) {
                        made.add(Look.of(at.toString(), found));
                    }
                }
                if (found == null || !found.isDirectory()) {
                    throw FolderRequests.notAFolder(at.toString(), found, "made");
                }
                SecureDirectoryStream<Path> next;
                try {
                    next = folder.root().openChild(current, name, path.text());
                } catch (FileSystemException e) {
                    // ELOOP or ENOTDIR: a link or a file took the folder's place since the look.
                    throw FolderRequests.notAFolder(at.toString(), ConfinedRoot.attributes(current, name), "made");
                }
                current.close();
                current = next;
            }
        } finally {
            current.close();
        }
        for (Look look : made) {
            folder.index().apply(look, null, false, Long.MAX_VALUE);
        }
        if (!made.isEmpty()) {
            folder.schedule().rescan(made.get(0).path());
            WriteLog.madeFolder(path.text(), mode, client);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", path.text());
        body.put("created", !made.isEmpty() && made.get(made.size() - 1).path().equals(path.text()));
        return Response.ok(body);
    }

    /** Sets the new folder's bits through its parent's handle, never through a link, the open bounded by the guard. */
    private void setMode(SecureDirectoryStream<Path> parent, String name, String what, int mode) throws IOException {
        Path relative = ConfinedRoot.name(name);
        folder.guard().open(parent, name, what, () -> {
            PosixFileAttributeView view = parent.getFileAttributeView(relative, PosixFileAttributeView.class,
                    NOFOLLOW_LINKS);
            if (view != null) {
                view.setPermissions(Modes.permissions(mode));
            }
            return null;
        });
    }
}
