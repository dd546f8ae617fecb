package dev.turnstile.files;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.HashCache;
import dev.turnstile.filemodel.Sha256;
import dev.turnstile.filemodel.SharePath;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content hashes of the shared folder's files: from the {@link HashCache} when a file looks as it
 * did, else read, on the calling thread (always a {@link Lanes lane}'s). A file is read exactly up
 * to the size it had when looked at, never "until its end", so a file that grows while it is read
 * cannot keep the read going; its size is looked at again every {@link #SIZE_CHECK_BYTES} and after
 * the read, and a file that changed meanwhile gets no hash from that read.
 */
final class Indexer {

    private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);

    /**
     * The hash cache is written at most this often: a burst of jobs (a client fetching thousands
     * of new files, each hashed by its own job) must not rewrite the whole cache after each one.
     * What is not yet written is written by a later job or at stop; a crash loses at most these
     * seconds of hashes, which are then computed again.
     */
    static final long PERSIST_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How many times a file that changes while it is read is read again, back to back. */
    static final int ATTEMPTS = 3;
    /** While a file is read to hash it, its size is looked at again after this many bytes. */
    static final long SIZE_CHECK_BYTES = 8L * 1024 * 1024;

    private final ConfinedRoot root;
    private final HashCache cache;
    private final LongSupplier clock;
    private final AtomicLong hashed = new AtomicLong();
    private final OnceLog changing = new OnceLog();
    private volatile long persistedAt;
    private volatile boolean persistedOnce;

    /** @param clock nanoseconds, for how often the cache is written */
    Indexer(ConfinedRoot root, HashCache cache, LongSupplier clock) {
        this.root = root;
        this.cache = cache;
        this.clock = clock;
    }

    /**
     * The content hash of a file as the walk saw it: from the cache, else read now. A hash is
     * kept in the cache only when the file had been quiet for a while before it was read
     * ({@link HashCache#put}, racy clean).
     *
     * @param overwrite whether an overwrite or a delete depends on the hash: then the cache is
     *     trusted only by {@link HashCache#lookupForOverwrite}, which a look through the folder
     *     handles (no change time) never passes, so the file is read
     * @return the hash, or {@code null} when the file changed or vanished while it was read
     */
    private String hash(FileStat file, boolean overwrite) throws IOException {
        String known = overwrite ? cache.lookupForOverwrite(file) : cache.lookup(file);
        if (known != null) {
            return known;
        }
        SharePath path = SharePath.parseTrusted(file.path());
        try (ConfinedRoot.Opened opened = root.openRead(path)) {
            if (opened == null || !opened.entry().equals(file)) {
                return null;
            }
            return hashOpen(opened, path);
        }
    }

    /**
     * Reads an opened file to hash it: exactly the size it had when looked at.
     *
     * @return the hash, or {@code null} when the file changed while it was read (its size moved, or a
     *     look after the read differs from the look before)
     */
    String hashOpen(ConfinedRoot.Opened opened, SharePath path) throws IOException {
        FileStat file = opened.entry();
        FileChannel channel = opened.channel();
        long began = cache.hashingBegins();
        MessageDigest digest = Sha256.digest();
        long size = file.size();
        for (long at = 0; at < size; ) {
            long to = Math.min(size, at + SIZE_CHECK_BYTES);
            if (Sha256.update(digest, channel, at, to) < to || channel.size() != size) {
                return null; // shrank, or grew: a writer is at work
            }
            at = to;
        }
        String sha256 = Sha256.hex(digest);
        // Written meanwhile? Then this hash belongs to no single version of the file.
        if (channel.size() != size || !file.equals(root.stat(path))) {
            return null;
        }
        cache.put(file, sha256, began);
        hashed.incrementAndGet();
        return sha256;
    }

    /** @return the hash the cache holds for the file as it looks, or {@code null} */
    String cached(FileStat file) {
        return cache.lookup(file);
    }

    /**
     * The hash of the file as it is now: a file being written is looked at again, a few times.
     *
     * @return the file with its hash; {@link Hashed#changing()} when it changed each time it was
     *     read; {@code null} when it is gone
     */
    Hashed settled(FileStat file) throws IOException {
        return settled(file, false);
    }

    /**
     * {@link #settled} for a check that guards an overwrite or a delete: the content is read, not
     * taken from the cache on size and time alone (a same-size edit whose modification time was
     * put back would pass them).
     */
    Hashed settledForOverwrite(FileStat file) throws IOException {
        return settled(file, true);
    }

    private Hashed settled(FileStat file, boolean overwrite) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS && file != null; attempt++) {
            String sha256 = hash(file, overwrite);
            if (sha256 != null) {
                return new Hashed(file, sha256);
            }
            file = root.stat(SharePath.parseTrusted(file.path()));
        }
        if (file == null) {
            return null;
        }
        if (changing.first(file.path())) {
            LOG.info("{} changed each time it was read ({} times): it is listed as changing, without a hash",
                    SharePath.quote(file.path()), ATTEMPTS);
        }
        return new Hashed(file, null);
    }

    /**
     * Walks the whole tree, hashing what the cache lacks, and drops the cache entries of files
     * that are gone.
     *
     * @return every regular file in path order, with its hash; a file that kept changing is left out
     */
    List<Hashed> indexAll() throws IOException {
        List<Hashed> files = new java.util.ArrayList<>();
        Set<String> seen = new HashSet<>();
        root.walk(null, file -> {
            seen.add(file.path());
            Hashed hashed = settled(file);
            if (hashed != null && !hashed.changing()) {
                files.add(hashed);
            }
            return true;
        });
        cache.retainOnly(seen);
        return files;
    }

    /** @return how many files were read to hash them since start; for tests and the log */
    long filesHashed() {
        return hashed.get();
    }

    HashCache cache() {
        return cache;
    }

    /** Writes the hash cache if it changed and was not written in the last {@link #PERSIST_EVERY_NANOS}. */
    void persistQuietly() {
        long now = clock.getAsLong();
        if (persistedOnce && now - persistedAt < PERSIST_EVERY_NANOS) {
            return;
        }
        try {
            persistedOnce = true;
            persistedAt = now;
            cache.persist();
        } catch (IOException e) {
            LOG.warn("cannot write the hash cache; files will be hashed again after a restart: {}", e.toString());
        }
    }

    /**
     * A file with its content hash.
     *
     * @param sha256 the hash, or {@code null} when the file changed each time it was read
     */
    record Hashed(FileStat file, String sha256) {
        /** @return whether the file kept changing while it was read: no hash */
        boolean changing() {
            return sha256 == null;
        }
    }
}
