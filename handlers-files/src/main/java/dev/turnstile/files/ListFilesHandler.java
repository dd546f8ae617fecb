package dev.turnstile.files;

import dev.turnstile.filemodel.FileStat;
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
 * {@code /list_files}: one page of the tree, for trees too large for one {@code /get_hashes}
 * answer. Files come in path order (code points) after the optional {@code "after"} path, at most
 * {@code "limit"} of them (default and cap {@link #MAX_LIMIT}), each with size, modification time
 * and SHA-256; {@code "next"} is the path to pass as {@code "after"} for the next page, or
 * {@code null} after the last. The cursor is a path, not server state, so a client can resume
 * a listing on a new connection or after a restart. The page is built on the background thread.
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
        return later(() -> page(folder, after, limit));
    }

    private static Response page(SharedFolder folder, String after, int limit) throws IOException {
        List<FileStat> seen = new ArrayList<>();
        boolean complete = folder.root().walk(after, file -> {
            seen.add(file);
            return seen.size() <= limit; // one more than the page, to know whether another follows
        });
        boolean more = !complete && seen.size() > limit;
        List<Map<String, Object>> files = new ArrayList<>();
        for (FileStat file : seen.subList(0, Math.min(limit, seen.size()))) {
            Indexer.Hashed hashed = folder.indexer().settled(file);
            if (hashed != null) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("path", hashed.file().path());
                entry.put("size", hashed.file().size());
                entry.put("mtime", hashed.file().mtimeMillis());
                entry.put("sha256", hashed.sha256());
                files.add(entry);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("files", files);
        body.put("next", more ? seen.get(limit - 1).path() : null);
        return Response.ok(body);
    }
}
