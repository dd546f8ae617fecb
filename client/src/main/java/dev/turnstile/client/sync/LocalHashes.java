package dev.turnstile.client.sync;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.HashCache;
import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The SHA-256 of each local file, remembered in {@code LOCAL_DIR/.turnstile/hashes.txt}: the
 * {@link HashCache} of turnstile-files-model, as the server keeps its own. A file is read again
 * only when its size, modification time, change time or identity differ from what the cache
 * recorded, or when it had changed less than two seconds before it was last hashed (racy clean).
 * A file the sync itself wrote and verified is remembered at once.
 *
 * <p>Thread-safe: a pull's finishers remember the files they put in place.
 */
final class LocalHashes {

    static final String FILE_NAME = "hashes.txt";
    /** The cache file of earlier versions, a JSON line per file: removed once the new one is written. */
    private static final String OLD_FILE_NAME = "hashes.jsonl";

    private final Path root;
    private final StateFolder state;
    private final HashCache cache;
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    private LocalHashes(Path root, StateFolder state, HashCache cache) {
        this.root = root;
        this.state = state;
        this.cache = cache;
    }

    /**
     * @param warnings hears one sentence when an existing cache file is ignored (torn, foreign)
     */
    static LocalHashes load(Path root, StateFolder state, Consumer<String> warnings) {
        return new LocalHashes(root, state, HashCache.load(state.file(FILE_NAME), warnings));
    }

    /**
     * @param local the file as the scan saw it
     * @return its SHA-256: from the cache when it still looks the same, else read now
     */
    String sha256(FileStat local) throws IOException {
        String known = cache.lookup(local);
        if (known != null) {
            return known;
        }
        Path file = SyncPaths.local(root, local.path());
        long began = cache.hashingBegins();
        String sha256 = Sha256.ofFile(file);
        FileStat after = FileStat.read(local.path(), file);
        if (after != null && after.equals(local)) {
            cache.put(local, sha256, began);
        }
        // Else it changed while it was read: this hash belongs to no one version, and is not kept.
        return sha256;
    }

    /** @return the file's SHA-256 when the cache knows it as it looks now, else {@code null}; never reads it */
    String cached(FileStat local) {
        return cache.lookup(local);
    }

    /** @return the moment a hashing begins, for {@link #sent}'s racy-clean rule */
    long hashingBegins() {
        return cache.hashingBegins();
    }

    /**
     * Remembers the hash of a file taken from its bytes as a push sent them, the file looking the
     * same before the first byte and after the last ({@link SentHash}).
     *
     * @param local the file as it looked before the first byte was read
     * @param hashingBegan {@link #hashingBegins()} just before that look
     */
    void sent(FileStat local, String sha256, long hashingBegan) {
        cache.put(local, sha256, hashingBegan);
    }

    /**
     * For a decision to overwrite or delete the file: its SHA-256 from the cache only when the
     * cache saw it with the same change time and identity ({@link HashCache#lookupForOverwrite}),
     * else read now.
     */
    String sha256ForOverwrite(FileStat local) throws IOException {
        String known = cache.lookupForOverwrite(local);
        return known != null ? known : sha256(local);
    }

    /**
     * @return the file as it is now, with its SHA-256 when the cache knows it as it is now; or
     *     {@code null} when it is not a regular file any more or the cache does not know it
     */
    FileEntry current(String path) throws IOException {
        FileStat now = FileStat.read(path, SyncPaths.local(root, path));
        String sha256 = now == null ? null : cache.lookup(now);
        return sha256 == null ? null : new FileEntry(path, now.size(), now.mtimeMillis(), sha256);
    }

    /**
     * Records a file the sync has just put in place, whose content it verified.
     *
     * @param path the file's path
     * @param sha256 its content's hash
     */
    void remember(String path, String sha256) throws IOException {
        FileStat now = FileStat.read(path, SyncPaths.local(root, path));
        if (now != null) {
            cache.putWritten(now, sha256);
            written.add(path);
        }
    }

    /** Forgets a file the sync deleted. */
    void forget(String path) {
        written.remove(path);
        cache.remove(path);
    }

    /**
     * Writes the entries of the files still present, if anything changed; never in a dry run (no
     * state folder). Entries of other paths go, so the cache never outgrows the folder.
     *
     * @param scanned the files the scan at the start of the run found (those the run deleted are
     *     forgotten already; those it wrote are added)
     */
    void save(Collection<String> scanned) throws IOException {
        if (!state.exists()) {
            return;
        }
        Set<String> present = new HashSet<>(scanned);
        present.addAll(written);
        cache.retainOnly(present);
        cache.persist();
        state.delete(OLD_FILE_NAME);
    }
}
