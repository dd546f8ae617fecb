package dev.turnstile.client.sync;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One answer of the server's change feed ({@code /changes}, SPEC §8): the current state of each
 * path changed after the {@code since} asked for, in sequence order.
 *
 * @param index the id of the server's index; another than the one remembered means another history
 * @param seq the latest number of the index
 * @param changed the files changed, each as it is now
 * @param deleted the paths removed
 * @param folders the folders made (or whose mode changed), when the question asked for folders
 * @param deletedFolders the folders removed, when the question asked for folders
 * @param more whether to ask again from {@link #last}
 * @param last the number of the last change given, or {@code seq} when none was
 * @param relist whether the server says the numbers asked for belong to another history: list
 *     everything again
 */
public record ChangesPage(String index, long seq, List<FileEntry> changed, List<String> deleted,
        List<String> folders, List<String> deletedFolders, boolean more, long last, boolean relist) {

    /** Copies the lists. */
    public ChangesPage {
        changed = List.copyOf(changed);
        deleted = List.copyOf(deleted);
        folders = List.copyOf(folders);
        deletedFolders = List.copyOf(deletedFolders);
    }

    /**
     * A page of files alone, as a question without folders gets.
     *
     * @param index the id of the server's index
     * @param seq the latest number of the index
     * @param changed the files changed, each as it is now
     * @param deleted the paths removed
     * @param more whether to ask again from {@link #last}
     * @param last the number of the last change given, or {@code seq} when none was
     * @param relist whether the server says the numbers asked for belong to another history
     */
    public ChangesPage(String index, long seq, List<FileEntry> changed, List<String> deleted, boolean more, long last,
            boolean relist) {
        this(index, seq, changed, deleted, List.of(), List.of(), more, last, relist);
    }

    /** Reads a 200 answer to {@code /changes}. */
    static ChangesPage read(Map<String, Object> answer) throws IOException {
        if (!(answer.get("index") instanceof String index) || !(answer.get("seq") instanceof Long seq)
                || !(answer.get("changes") instanceof List<?> changes)) {
            throw new IOException("the answer to /changes lacks \"index\", \"seq\" or \"changes\"");
        }
        List<FileEntry> changed = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        List<String> deletedFolders = new ArrayList<>();
        long last = seq;
        for (Object item : changes) {
            if (!(item instanceof Map<?, ?> change) || !(change.get("path") instanceof String path)
                    || !(change.get("seq") instanceof Long number)) {
                throw new IOException("the answer to /changes holds a change without path or seq: " + item);
            }
            last = number;
            if (Boolean.TRUE.equals(change.get("folder"))) {
                (Boolean.TRUE.equals(change.get("deleted")) ? deletedFolders : folders).add(path);
                continue;
            }
            if (Boolean.TRUE.equals(change.get("deleted"))) {
                deleted.add(path);
                continue;
            }
            if (!(change.get("size") instanceof Long size) || size < 0 || !(change.get("mtime") instanceof Long mtime)) {
                throw new IOException("the answer to /changes holds a file without size or mtime: " + item);
            }
            // A missing or malformed hash is refused by the listing it joins, naming the path.
            int mode = change.get("mode") instanceof Long bits && bits >= 0 && bits <= 0777 ? bits.intValue()
                    : FileEntry.NO_MODE;
            changed.add(new FileEntry(path, size, mtime, change.get("sha256") instanceof String hash ? hash : null,
                    mode));
        }
        return new ChangesPage(index, seq, changed, deleted, folders, deletedFolders,
                Boolean.TRUE.equals(answer.get("more")), last,
                Boolean.TRUE.equals(answer.get("relist")));
    }
}
