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
 * by path, and the root folder's name. It comes from the index, once the index is ready, on the
 * short lane: nothing is walked or read.
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
        return laterWhenReady(Lanes.Lane.SHORT, () -> {
            List<Map<String, List<String>>> hashes = new ArrayList<>();
            for (IndexEntry file : folder.index().queries().all(false)) {
                hashes.add(Map.of(file.path(), List.of(Sha256.ofText(file.path()), file.sha256Hex())));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("hashes", hashes);
            Path name = folder.settings().root().getFileName();
            body.put("root_folder", name == null ? "" : name.toString());
            return Response.ok(body);
        });
    }
}
