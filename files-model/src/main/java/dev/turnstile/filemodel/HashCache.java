package dev.turnstile.filemodel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Content hashes by path, trusted while the file looks the same: rsync's quick check, made
 * stricter. An entry records the {@link FileStat} its hash was taken at (size, modification time
 * in nanoseconds, and the change time and identity where the look gave them); a lookup hits only
 * when every field that both the entry and the look know is equal ({@link FileStat#matches}). The
 * files plugin keeps one for the shared folder, the client one for its local folder; both write
 * it in the same format ({@link HashCacheFile}).
 *
 * <p><b>Racy clean.</b> A file written twice within one tick of the file system's clock keeps the
 * same times, so a hash taken between the two writes would look valid forever (git's "racy clean"
 * problem). So a hash is remembered only when the file's last change (its modification time, or
 * its change time where known) is at least {@value #RACY_MILLIS} ms older than the moment the
 * hashing began ({@link #put}). Two seconds cover the coarsest clocks in use (FAT's two-second
 * times, a network file system's own clock). A file changed more recently is hashed again at its
 * next lookup, until it has been quiet that long. A hash the caller itself verified while writing
 * the file ({@link #putWritten}) is remembered at once.
 *
 * <p><b>Overwrites.</b> Where a decision to overwrite or delete rests on a hash,
 * {@link #lookupForOverwrite} hits only when both looks know the change time and the identity:
 * without them, a same-size edit whose modification time was put back would pass, so the caller
 * hashes the file instead.
 *
 * <p><b>The file.</b> {@link #persist} writes it whole to a temporary file (created anew, never
 * through a link), forces it to disk, renames it over the old one and forces the folder, so a
 * crash leaves the old cache or the new one. {@link #load} reads it without following a link; a
 * file that is torn, foreign or damaged is ignored with one warning, and every file is hashed
 * again. A missing file is an empty cache.
 *
 * <p>Thread-safe: the server thread and a background thread, or several finishing threads of a
 * pull, use one cache at once.
 */
public final class HashCache {

    /** How much older than the hashing a file's last change must be for the hash to be kept. */
    public static final long RACY_MILLIS = 2000;

    private final HashCacheFile file;
    private final LongSupplier wallClockMillis;
    private final Map<String, Entry> entries;
    private final AtomicBoolean dirty = new AtomicBoolean();

    /** A hash and the look at the file it belongs to. */
    record Entry(FileStat stat, String sha256) {
    }

    private HashCache(HashCacheFile file, LongSupplier wallClockMillis, Map<String, Entry> entries) {
        this.file = file;
        this.wallClockMillis = wallClockMillis;
        this.entries = entries;
    }

    /**
     * Reads a cache file, with the system clock for the racy-clean rule.
     *
     * @param file the cache file, such as {@code <data-dir>/files/hashes.txt}
     * @param warnings receives one sentence when an existing file is ignored
     */
    public static HashCache load(Path file, Consumer<String> warnings) {
        return load(file, System::currentTimeMillis, warnings);
    }

    /**
     * Reads a cache file.
     *
     * @param file the cache file
     * @param wallClockMillis the time now, in milliseconds since the epoch, comparable with file
     *     times: when hashing begins, for the racy-clean rule
     * @param warnings receives one sentence when an existing file is ignored
     */
    public static HashCache load(Path file, LongSupplier wallClockMillis, Consumer<String> warnings) {
        HashCacheFile store = new HashCacheFile(file);
        Map<String, Entry> entries = new ConcurrentHashMap<>();
        String ignored = store.read(entries);
        if (ignored != null) {
            entries.clear();
            warnings.accept("ignoring the hash cache " + file + ": " + ignored + "; every file is hashed again");
        }
        HashCache cache = new HashCache(store, wallClockMillis, entries);
        cache.dirty.set(ignored != null);
        return cache;
    }

    /** @return the hash of the file as it looks now, or {@code null} when it must be read */
    public String lookup(FileStat now) {
        Entry entry = entries.get(now.path());
        return entry != null && entry.stat().matches(now) ? entry.sha256() : null;
    }

    /**
     * For a check that guards an overwrite or a delete: the hash only when the entry and the look
     * both know the change time and the identity and all agree, else {@code null} (read the file).
     */
    public String lookupForOverwrite(FileStat now) {
        Entry entry = entries.get(now.path());
        return entry != null && entry.stat().matchesFully(now) ? entry.sha256() : null;
    }

    /** @return the moment to pass to {@link #put}: call it before reading the file */
    public long hashingBegins() {
        return wallClockMillis.getAsLong();
    }

    /**
     * Remembers a hash read from the file, unless the file changed too shortly before the
     * hashing began to be told apart from a write in the same tick (see the class comment).
     *
     * @param stat the look at the file before it was read, equal to a look after
     * @param sha256 what it was read to
     * @param hashingBegan {@link #hashingBegins()} just before the read
     * @return whether it was remembered
     */
    public boolean put(FileStat stat, String sha256, long hashingBegan) {
        long quietSince = TimeUnit.NANOSECONDS.toMillis(stat.lastChangeNanos());
        if (hashingBegan - quietSince < RACY_MILLIS) {
            return false;
        }
        store(stat, sha256);
        return true;
    }

    /**
     * Remembers the hash of content the caller itself wrote and verified (a committed upload, a
     * pulled file), looked at once it was in place.
     */
    public void putWritten(FileStat stat, String sha256) {
        store(stat, sha256);
    }

    private void store(FileStat stat, String sha256) {
        Objects.requireNonNull(sha256, "sha256");
        Entry fresh = new Entry(stat, sha256);
        boolean[] changed = {false};
        entries.compute(stat.path(), (path, old) -> {
            if (old != null && old.sha256().equals(sha256) && old.stat().matches(stat)
                    && old.stat().known() >= stat.known()) {
                // The same content, and the old look saw as much: a look through a directory
                // handle (no change time) must not make a fuller entry weaker.
                return old;
            }
            changed[0] = true;
            return fresh;
        });
        if (changed[0]) {
            dirty.set(true);
        }
    }

    /** Forgets one path: its file was deleted. */
    public void remove(String path) {
        if (entries.remove(path) != null) {
            dirty.set(true);
        }
    }

    /** Forgets every path but these: what a walk of the whole folder saw. */
    public void retainOnly(Collection<String> present) {
        Collection<String> keep = present instanceof java.util.Set<?> ? present : new HashSet<>(present);
        if (entries.keySet().retainAll(keep)) {
            dirty.set(true);
        }
    }

    /** @return how many paths have a hash */
    public int size() {
        return entries.size();
    }

    /**
     * Writes the cache if it changed since it was loaded or last written.
     *
     * @return whether it was written
     * @throws IOException when it cannot be; the cache stays to be written, and the old file
     *     stays as it was
     */
    public synchronized boolean persist() throws IOException {
        if (!dirty.getAndSet(false)) {
            return false;
        }
        try {
            file.write(entries.values());
            return true;
        } catch (IOException | RuntimeException e) {
            dirty.set(true);
            throw e;
        }
    }
}
