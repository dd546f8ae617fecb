package dev.turnstile.files;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * What the handlers ask of the {@link FolderIndex}: a page in path order, the changes after a
 * number, every entry. Each question is answered under the index's lock, from memory, and copies out
 * at most what it answers.
 */
final class IndexQueries {

    private final FolderIndex index;

    IndexQueries(FolderIndex index) {
        this.index = index;
    }

    /**
     * @param entries the page's entries
     * @param next the path to list after for the next page, or {@code null} after the last
     */
    record Page(List<IndexEntry> entries, String next) {
    }

    /**
     * @param index the index's id
     * @param seq its last number
     * @param entries the changed entries, in sequence order
     * @param more whether more follow the last one given
     * @param relist whether the client's {@code since} is not of this index's history (larger than
     *     {@code seq}): it must list everything again
     */
    record Changes(String index, long seq, List<IndexEntry> entries, boolean more, boolean relist) {
    }

    /**
     * One page of the listing: live entries after the path {@code after}, in path order.
     *
     * @param after a path, or {@code null} from the beginning
     * @param limit at most this many entries
     * @param folders whether folders are listed too
     */
    Page page(String after, int limit, boolean folders) {
        synchronized (index) {
            IndexTable table = index.table();
            int[] order = table.inPathOrder();
            List<IndexEntry> entries = new ArrayList<>(Math.min(limit, 1024));
            for (int i = after == null ? 0 : table.firstAfter(FolderIndex.utf8(after)); i < order.length; i++) {
                int slot = order[i];
                if (table.has(slot, IndexTable.DELETED) || !folders && table.has(slot, IndexTable.FOLDER)) {
                    continue;
                }
                if (entries.size() == limit) {
                    return new Page(entries, entries.get(limit - 1).path());
                }
                entries.add(index.copy(slot));
            }
            return new Page(entries, null);
        }
    }

    /**
     * The entries changed after {@code since}, each in its current state, in sequence order.
     *
     * @param limit at most this many
     * @param folders whether folders (and their tombstones) are given too
     */
    Changes changes(long since, int limit, boolean folders) {
        synchronized (index) {
            IndexTable table = index.table();
            long seq = index.seq();
            if (since > seq) {
                return new Changes(index.id(), seq, List.of(), false, true);
            }
            List<IndexEntry> entries = new ArrayList<>(Math.min(limit, 1024));
            SequenceLog log = table.log();
            for (int i = log.firstAfter(since); i < log.size(); i++) {
                int slot = log.slotAt(i);
                if (slot < 0 || !folders && table.has(slot, IndexTable.FOLDER)) {
                    continue;
                }
                if (entries.size() == limit) {
                    return new Changes(index.id(), seq, entries, true, false);
                }
                entries.add(index.copy(slot));
            }
            return new Changes(index.id(), seq, entries, false, false);
        }
    }

    /** @return the live entries below a folder, in path order */
    List<IndexEntry> below(String folder) {
        synchronized (index) {
            IndexTable table = index.table();
            byte[] inside = FolderIndex.utf8(folder + "/");
            int[] order = table.inPathOrder();
            List<IndexEntry> entries = new ArrayList<>();
            for (int i = table.firstAfter(inside); i < order.length && table.pathStartsWith(order[i], inside); i++) {
                if (!table.has(order[i], IndexTable.DELETED)) {
                    entries.add(index.copy(order[i]));
                }
            }
            return entries;
        }
    }

    /** @return every live entry in path order (files, and folders when asked); for {@code /get_hashes} */
    List<IndexEntry> all(boolean folders) {
        return page(null, Integer.MAX_VALUE, folders).entries();
    }

    /** @return the hex SHA-256 of every live file of at least {@code minSize} bytes */
    Set<String> contents(long minSize) {
        synchronized (index) {
            IndexTable table = index.table();
            Set<String> contents = new HashSet<>();
            for (int slot = 0; slot < table.size(); slot++) {
                byte[] sha = table.sha(slot);
                if (!table.has(slot, IndexTable.DELETED) && table.size(slot) >= minSize && sha != null) {
                    contents.add(HexFormat.of().formatHex(sha));
                }
            }
            return contents;
        }
    }
}
