package dev.turnstile.client.sync;

import dev.turnstile.client.JsonMaps;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SHA-256 of each local file, remembered by path, size and modification time, like the
 * server's and like rsync's quick check: a file whose size and time are unchanged is not read
 * again. Kept in {@code LOCAL_DIR/.turnstile/hashes.jsonl}, one JSON object per line, replaced
 * atomically (written beside, forced to disk, renamed).
 *
 * <p>Thread-safe: a pull's finishers remember the files they put in place.
 *
 * <p>A file modified within {@link #RACY_MILLIS} of being hashed is not remembered: a write in the
 * same tick of the file system's clock would leave size and time unchanged, and a stale hash
 * would be trusted (git's "racy clean" problem).
 */
final class HashCache {

    static final String FILE_NAME = "hashes.jsonl";
    static final long RACY_MILLIS = 2000;

    private record Key(String path, long size, long mtimeMillis) {
    }

    private final Path file;
    private final Map<Key, String> known;
    private final Map<String, Key> current = new TreeMap<>();
    private final Map<Key, String> fresh = new HashMap<>();
    private int hashed;
    /** Whether a hash was learnt that the file on disk does not hold. */
    private boolean learnt;

    private HashCache(Path file, Map<Key, String> known) {
        this.file = file;
        this.known = known;
    }

    /** Loads the cache of a local folder; a missing or unreadable cache is an empty one. */
    static HashCache load(Path root) {
        Path file = root.resolve(SyncPaths.STATE_FOLDER).resolve(FILE_NAME);
        Map<Key, String> known = new HashMap<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                Map<String, Object> entry = JsonMaps.parseObject(line);
                if (entry.get("path") instanceof String && entry.get("size") instanceof Long
                        && entry.get("mtime") instanceof Long && entry.get("sha256") instanceof String) {
                    known.put(new Key((String) entry.get("path"), (Long) entry.get("size"), (Long) entry.get("mtime")),
                            (String) entry.get("sha256"));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // No cache, or a damaged one: everything is hashed again, which is slower but right.
        }
        return new HashCache(file, known);
    }

    /**
     * @return the file's SHA-256, from the cache when its size and time are unchanged, else read
     */
    synchronized String sha256(Path root, LocalTree.LocalFile local) throws IOException {
        Key key = new Key(local.path(), local.size(), local.mtimeMillis());
        String sha = known.get(key);
        if (sha == null) {
            sha = fresh.get(key);
        }
        if (sha == null) {
            long before = System.currentTimeMillis();
            sha = Sha256.file(SyncPaths.local(root, local.path()));
            hashed++;
            if (before - local.mtimeMillis() < RACY_MILLIS) {
                return sha;
            }
        }
        remember(local.path(), local.size(), local.mtimeMillis(), sha);
        return sha;
    }

    /** Records a file the sync has just written, whose content it knows. */
    synchronized void remember(String path, long size, long mtimeMillis, String sha256) {
        Key key = new Key(path, size, mtimeMillis);
        learnt |= !sha256.equals(known.get(key));
        fresh.put(key, sha256);
        current.put(path, key);
    }

    /** Forgets a file the sync deleted. */
    synchronized void forget(String path) {
        current.remove(path);
    }

    /** @return how many files were read to hash them since loading */
    int hashedFiles() {
        return hashed;
    }

    /**
     * Writes the entries used or learnt in this run, and no others, so the cache never outgrows
     * the folder. Entries for files that were not looked at are kept as they were. When that is
     * exactly what the file already holds (a sync that changed nothing), the file is left alone.
     */
    synchronized void save(Iterable<String> stillPresentUnused) throws IOException {
        Map<String, Key> keep = new LinkedHashMap<>(current);
        Map<String, Key> byPath = new HashMap<>();
        for (Key key : known.keySet()) {
            byPath.put(key.path(), key);
        }
        for (String path : stillPresentUnused) {
            Key old = byPath.get(path);
            if (old != null && !keep.containsKey(path)) {
                keep.put(path, old);
            }
        }
        if (!learnt && keep.size() == known.size() && known.keySet().containsAll(keep.values())) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(FILE_NAME + ".new");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream stream = Channels.newOutputStream(channel);
            BufferedWriter out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            for (Key key : keep.values()) {
                String sha = fresh.containsKey(key) ? fresh.get(key) : known.get(key);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("path", key.path());
                entry.put("size", key.size());
                entry.put("mtime", key.mtimeMillis());
                entry.put("sha256", sha);
                out.write(JsonMaps.write(entry));
                out.write('\n');
            }
            out.flush();
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LocalDisk.forceFolder(file.getParent());
    }
}
