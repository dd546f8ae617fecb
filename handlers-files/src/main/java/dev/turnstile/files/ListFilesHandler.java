package dev.turnstile.files;

import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /list_files}: one page of the index, for trees too large for one {@code /get_hashes}
 * answer. Files come in path order (code points) after the optional {@code "after"} path, at most
 * {@code "limit"} of them (default and cap {@link #MAX_LIMIT}), each with size, modification time,
 * SHA-256 and mode; {@code "next"} is the path to pass as {@code "after"} for the next page, or
 * {@code null} after the last. The cursor is a path, not server state, so a client can resume a
 * listing on a new connection or after a restart. With {@code "folders":true} folders are listed too
 * ({@code "folder":true}), so empty ones travel; with {@code "skipped":true} the first page names the
 * names the server cannot share.
 *
 * <p>The page comes from the index's path order, on the short lane once the index is ready: nothing
 * is walked. While the watcher runs, nothing is looked at either (the watcher tells the index of
 * every change); without it, each of the page's entries is looked at (one lstat each), and a file
 * that changed since it was indexed is hashed now and listed as it is. A file written without a
 * pause for a while ({@link PendingPaths#CHANGING_AFTER}) is listed with {@code "changing":true} and
 * no hash, so a client can name it rather than take it for gone.
 */
final class ListFilesHandler extends FolderHandler {

    /** The most files one page holds, and the default. */
    static final int MAX_LIMIT = 1000;

    ListFilesHandler(SharedFolder folder) {
        super(folder);
    }

    @Override
    public String url() {
        return "/list_files";
    }

    @Override
    Response answer(Request request, Session session, SharedFolder folder) throws HandlerException, IOException {
        String after = request.get("after") == null ? null : request.optionalString("after", null);
        int limit = (int) optionalLong(request, "limit", MAX_LIMIT, 1, MAX_LIMIT);
        boolean folders = optionalFlag(request, "folders");
        boolean skipped = optionalFlag(request, "skipped") && after == null;
        return laterWhenReady(Lanes.Lane.SHORT, () -> page(after, limit, folders, skipped));
    }

    private Response page(String after, int limit, boolean folders, boolean skipped) throws IOException {
        IndexQueries.Page page = folder.index().queries().page(after, limit, folders);
        boolean trusted = folder.updater().watching();
        List<Map<String, Object>> files = new ArrayList<>();
        for (IndexEntry entry : page.entries()) {
            if (entry.folder()) {
                files.add(Entries.folder(entry.path(), entry.mode()));
            } else if (trusted) {
                files.add(folder.updater().changing(entry.path()) ? Entries.changing(entry.look())
                        : Entries.file(entry.look(), entry.sha256Hex()));
            } else {
                Map<String, Object> now = lookedAt(entry);
                if (now != null) {
                    files.add(now);
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("files", files);
        body.put("next", page.next());
        if (skipped) {
            body.put("skipped", Entries.skipped(folder.index().skipped()));
        }
        return Response.ok(body);
    }

    /** Without a watcher: the entry as the file is now (one lstat; a read if it changed), or {@code null} when gone. */
    private Map<String, Object> lookedAt(IndexEntry entry) throws IOException {
        Look look = folder.root().stat(SharePath.parseTrusted(entry.path()));
        if (look != null && entry.matches(look) && look.mode() == entry.mode() && !entry.racy()) {
            return Entries.file(look, entry.sha256Hex());
        }
        folder.updater().noticed(entry.path());
        if (look == null) {
            return null;
        }
        FileHasher.Hashed now = folder.hasher().settled(look);
        if (now == null) {
            return null;
        }
        return now.changing() ? Entries.changing(now.file()) : Entries.file(now.file(), now.hex());
    }
}
