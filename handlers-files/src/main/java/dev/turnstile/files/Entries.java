package dev.turnstile.files;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of listings and of the change feed, as the protocol writes them:
 * <pre>
 * {"path":"/a.txt","size":5,"mtime":1700000000123,"sha256":"…","mode":420}
 * {"path":"/log.txt","size":4096,"mtime":1700000000123,"changing":true,"mode":420}
 * {"path":"/empty","folder":true,"mode":493}
 * </pre>
 * {@code mode} is left out where the platform has no permission bits.
 */
final class Entries {

    private Entries() {
    }

    static Map<String, Object> file(Look look, String sha256) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", look.path());
        entry.put("size", look.size());
        entry.put("mtime", look.mtimeMillis());
        entry.put("sha256", sha256);
        mode(entry, look.mode());
        return entry;
    }

    /** A file being written: no hash (there is none of a state it stays in). */
    static Map<String, Object> changing(Look look) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", look.path());
        entry.put("size", look.size());
        entry.put("mtime", look.mtimeMillis());
        entry.put("changing", true);
        mode(entry, look.mode());
        return entry;
    }

    static Map<String, Object> folder(String path, int mode) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", path);
        entry.put("folder", true);
        mode(entry, mode);
        return entry;
    }

    static List<Map<String, Object>> skipped(List<FolderIndex.Skipped> names) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (FolderIndex.Skipped name : names) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", name.path());
            entry.put("reason", name.reason());
            list.add(entry);
        }
        return list;
    }

    private static void mode(Map<String, Object> entry, int mode) {
        if (mode != Look.UNKNOWN_MODE) {
            entry.put("mode", mode);
        }
    }
}
