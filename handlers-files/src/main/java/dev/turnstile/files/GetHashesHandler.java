package dev.turnstile.files;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /get_hashes}, the original server's url and answer (SPEC §8): every regular file of the
 * shared folder as {@code {"/a.txt":["<sha256 of the path>","<sha256 of the content>"]}}, sorted
 * by path, and the root folder's name. The walk and any hashing run on the walk lane, after any
 * walk before it (the start-up index); hashes come from the cache when the file looks unchanged.
 * The original format has no room to mark a file being written: one that changed each time it was
 * read is left out (and named once in the log); {@code /list_files} lists it as changing.
 */
final class GetHashesHandler extends FolderHandler {

    GetHashesHandler(SharedFolder folder) {
        super(folder);
    }

    @Override
    public String url() {
        return "/get_hashes";
    }

    @Override
    Response answer(Request request, Session session, SharedFolder folder) {
        return later(Lanes.Lane.WALK, () -> {
            List<Map<String, List<String>>> hashes = new ArrayList<>();
            for (Indexer.Hashed file : folder.indexer().indexAll()) {
                String path = file.file().path();
                hashes.add(Map.of(path, List.of(Sha256.ofText(path), file.sha256())));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("hashes", hashes);
            Path name = folder.settings().root().getFileName();
            body.put("root_folder", name == null ? "" : name.toString());
            return Response.ok(body);
        });
    }
}
