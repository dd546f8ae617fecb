package dev.turnstile.files;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content hashes by (path, size, modification time), rsync's quick check: a file whose size and
 * time are unchanged is not read again, also after a restart, since the cache lives in a file of
 * the plugin's data folder. Safe for the server thread and the indexer at once.
 *
 * <p>The file is text, one entry a line, {@code <sha256> <size> <mtime ns> <path>}, after a
 * header line; it is written whole to a temporary file, synced and renamed over the old one, so
 * a crash leaves either the old or the new cache, never half of one.
 */
final class HashCache {

    static final String HEADER = "turnstile-files-hashes 1";

    private static final Logger LOG = LoggerFactory.getLogger(HashCache.class);
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) (\\d+) (-?\\d+) (/.*)");

    private final Path file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();

    private HashCache(Path file) {
        this.file = file;
    }

    /**
     * Reads the cache file; a missing one is an empty cache, and lines that do not parse are
     * dropped (the files they name are hashed again).
     */
    static HashCache load(Path file) throws IOException {
        HashCache cache = new HashCache(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return cache;
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            LOG.warn("ignoring the hash cache {}: not a {} file; every file is hashed again", file, HEADER);
            return cache;
        }
        for (String line : lines.subList(1, lines.size())) {
            var match = LINE.matcher(line);
            if (match.matches()) {
                cache.entries.put(match.group(4), new Entry(Long.parseLong(match.group(2)),
                        Long.parseLong(match.group(3)), match.group(1)));
            }
        }
        return cache;
    }

    /** @return the content hash if the cache holds one for exactly this size and time */
    String lookup(FileEntry file) {
        Entry entry = entries.get(file.path());
        return entry != null && entry.size() == file.size() && entry.mtimeNanos() == file.mtimeNanos()
                ? entry.sha256() : null;
    }

    void put(FileEntry file, String sha256) {
        Entry entry = new Entry(file.size(), file.mtimeNanos(), sha256);
        if (!entry.equals(entries.put(file.path(), entry))) {
            dirty.set(true);
        }
    }

    void remove(String path) {
        if (entries.remove(path) != null) {
            dirty.set(true);
        }
    }

    /** Drops the entries of files that a full walk did not see: deleted files drop out. */
    void retainOnly(Set<String> present) {
        if (entries.keySet().retainAll(present)) {
            dirty.set(true);
        }
    }

    int size() {
        return entries.size();
    }

    /** Writes the cache if it changed since the last write: temporary file, fsync, rename. */
    void persist() throws IOException {
        if (!dirty.getAndSet(false)) {
            return;
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                    StandardCharsets.UTF_8));
            out.write(HEADER);
            out.write('\n');
            for (Map.Entry<String, Entry> each : entries.entrySet()) {
                Entry entry = each.getValue();
                out.write(entry.sha256() + ' ' + entry.size() + ' ' + entry.mtimeNanos() + ' ' + each.getKey() + '\n');
            }
            out.flush();
            channel.force(true);
        } catch (IOException e) {
            dirty.set(true);
            throw e;
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private record Entry(long size, long mtimeNanos, String sha256) {
    }
}
