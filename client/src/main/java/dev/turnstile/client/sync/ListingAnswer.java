package dev.turnstile.client.sync;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code /list_files} answer read into a {@link ListingPage}: its files (with their {@code mode}
 * where given), the files still being written, the folders ({@code "folder":true}, asked for with
 * {@code "folders":true}) and, on a first page asked with {@code "skipped":true}, the names the
 * server cannot share.
 */
final class ListingAnswer {

    private ListingAnswer() {
    }

    static ListingPage page(Map<String, Object> answer) throws IOException {
        if (!(answer.get("files") instanceof List<?> files)) {
            throw new IOException("the answer to /list_files has no \"files\" list");
        }
        List<FileEntry> entries = new ArrayList<>(files.size());
        List<String> changing = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        for (Object item : files) {
            if (item instanceof Map<?, ?> folder && Boolean.TRUE.equals(folder.get("folder"))) {
                if (!(folder.get("path") instanceof String path)) {
                    throw new IOException("the answer to /list_files holds a folder without a path: " + item);
                }
                folders.add(path);
                continue;
            }
            if (!(item instanceof Map<?, ?> file) || !(file.get("path") instanceof String path)
                    || !(file.get("size") instanceof Long size) || size < 0
                    || !(file.get("mtime") instanceof Long mtime)) {
                throw new IOException("the answer to /list_files holds a file without path, size or mtime: " + item);
            }
            if (Boolean.TRUE.equals(file.get("changing")) && !file.containsKey("sha256")) {
                changing.add(path);
                continue;
            }
            // A missing or malformed hash is refused by RemoteListing, naming the path.
            int mode = file.get("mode") instanceof Long bits && bits >= 0 && bits <= 0777 ? bits.intValue()
                    : FileEntry.NO_MODE;
            entries.add(new FileEntry(path, size, mtime, file.get("sha256") instanceof String hash ? hash : null, mode));
        }
        Object next = answer.get("next");
        if (next != null && !(next instanceof String)) {
            throw new IOException("the answer to /list_files has a \"next\" that is neither a path nor null");
        }
        if (next != null && entries.isEmpty() && changing.isEmpty() && folders.isEmpty()) {
            throw new IOException("the answer to /list_files has an empty page that is not the last");
        }
        return new ListingPage(entries, (String) next, changing, folders, skipped(answer));
    }

    /** @return the names a listing's {@code skipped} member gives, each with why, or {@code null} without one */
    private static Map<String, String> skipped(Map<String, Object> answer) {
        if (!(answer.get("skipped") instanceof List<?> names)) {
            return null;
        }
        Map<String, String> skipped = new LinkedHashMap<>();
        for (Object item : names) {
            if (item instanceof Map<?, ?> name && name.get("path") instanceof String path) {
                skipped.put(path, name.get("reason") instanceof String reason ? reason : "no reason given");
            }
        }
        return skipped;
    }
}
