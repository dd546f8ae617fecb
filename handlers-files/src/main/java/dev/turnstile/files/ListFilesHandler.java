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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /list_files}: one page of the tree, for trees too large for one {@code /get_hashes}
 * answer. Files come in path order (code points) after the optional {@code "after"} path, at most
 * {@code "limit"} of them (default and cap {@link #MAX_LIMIT}), each with size, modification time
 * and SHA-256; a file that changed each time it was read (being written) comes with
 * {@code "changing":true} and no SHA-256, so a client can name it rather than take it for gone.
 * {@code "next"} is the path to pass as {@code "after"} for the next page, or {@code null} after
 * the last. The cursor is a path, not server state, so a client can resume a listing on a new
 * connection or after a restart. The page is built on the short lane; the files of
 * {@link Lanes#LARGE_BYTES} or more whose hash the cache lacks are hashed on the large lane.
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
        return laterStage(Lanes.Lane.SHORT, () -> page(after, limit));
    }

    private CompletionStage<Response> page(String after, int limit) throws IOException {
        List<FileStat> seen = new ArrayList<>();
        boolean complete = folder.root().walk(after, file -> {
            seen.add(file);
            return seen.size() <= limit; // one more than the page, to know whether another follows
        });
        boolean more = !complete && seen.size() > limit;
        List<CompletableFuture<Indexer.Hashed>> looks = new ArrayList<>();
        for (FileStat file : seen.subList(0, Math.min(limit, seen.size()))) {
            String cached = folder.indexer().cached(file);
            if (cached != null) {
                looks.add(CompletableFuture.completedFuture(new Indexer.Hashed(file, cached)));
            } else if (Lanes.forReading(file.size()) == Lanes.Lane.LARGE) {
                looks.add(folder.lanes().submit(Lanes.Lane.LARGE, () -> folder.indexer().settled(file)));
            } else {
                looks.add(CompletableFuture.completedFuture(folder.indexer().settled(file)));
            }
        }
        String next = more ? seen.get(limit - 1).path() : null;
        return CompletableFuture.allOf(looks.toArray(CompletableFuture[]::new)).thenApply(all -> {
            List<Map<String, Object>> files = new ArrayList<>();
            for (CompletableFuture<Indexer.Hashed> look : looks) {
                Indexer.Hashed hashed = look.join();
                if (hashed != null) {
                    files.add(entry(hashed));
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("files", files);
            body.put("next", next);
            return Response.ok(body);
        });
    }

    private static Map<String, Object> entry(Indexer.Hashed hashed) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", hashed.file().path());
        entry.put("size", hashed.file().size());
        entry.put("mtime", hashed.file().mtimeMillis());
        if (hashed.changing()) {
            entry.put("changing", true);
        } else {
            entry.put("sha256", hashed.sha256());
        }
        return entry;
    }
}
