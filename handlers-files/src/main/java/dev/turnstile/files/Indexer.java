package dev.turnstile.files;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.HashCache;
import dev.turnstile.filemodel.Sha256;
import dev.turnstile.filemodel.SharePath;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every slow piece of work runs: hashing, walks of the whole tree, commits. Jobs run on the
 * executor it is given (one background thread in the server, the calling thread in unit tests);
 * the server thread only submits them and answers {@code Response.later} on their futures, so the
 * answer is written the moment a job is done. After each job the hash cache is written if it
 * changed.
 */
final class Indexer {

    private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);

    private final ConfinedRoot root;
    private final HashCache cache;
    /**
     * The hash cache is written at most this often: a burst of jobs (a client fetching thousands
     * of new files, each hashed by its own job) must not rewrite the whole cache after each one.
     * What is not yet written is written by a later job or at stop; a crash loses at most these
     * seconds of hashes, which are then computed again.
     */
    static final long PERSIST_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Executor executor;
    private final LongSupplier clock;
    private final AtomicLong hashed = new AtomicLong();
    private volatile long persistedAt;
    private volatile boolean persistedOnce;

    Indexer(ConfinedRoot root, HashCache cache, Executor executor, LongSupplier clock) {
        this.root = root;
        this.cache = cache;
        this.executor = executor;
        this.clock = clock;
    }

    /** A piece of background work; may throw to fail its future. */
    interface Job<T> {
        T run() throws Exception;
    }

    /** Runs the job on the executor; its future fails with whatever it throws. */
    <T> CompletableFuture<T> submit(Job<T> job) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    T result = job.run();
                    persistQuietly();
                    future.complete(result);
                } catch (Throwable e) {
                    persistQuietly();
                    future.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /**
     * The content hash of a file as the walk saw it: from the cache, else read now (on the
     * calling thread, which must be the background one).
     *
     * @return the hash, or {@code null} when the file changed or vanished while it was read
     */
    String hash(FileStat file) throws IOException {
        return hash(file, false);
    }

    /**
     * The content hash of a file as the walk saw it: from the cache, else read now (on the
     * calling thread, which must be the background one). A hash is kept in the cache only when
     * the file had been quiet for a while before it was read ({@link HashCache#put}, racy clean).
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
        long began = cache.hashingBegins();
        SharePath path = SharePath.parseTrusted(file.path());
        try (ConfinedRoot.Opened opened = root.openRead(path)) {
            if (opened == null || !opened.entry().equals(file)) {
                return null;
            }
            String sha256 = Sha256.of(opened.channel());
            // Written meanwhile? Then this hash belongs to no single version of the file.
            if (!file.equals(root.stat(path))) {
                return null;
            }
            cache.put(file, sha256, began);
            hashed.incrementAndGet();
            return sha256;
        }
    }

    /**
     * The hash of the file as it is now: a file being written is looked at again, a few times.
     *
     * @return the file with its hash, or {@code null} when it is gone or kept changing
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
        for (int attempt = 0; attempt < 3 && file != null; attempt++) {
            String sha256 = hash(file, overwrite);
            if (sha256 != null) {
                return new Hashed(file, sha256);
            }
            file = root.stat(SharePath.parseTrusted(file.path()));
        }
        if (file != null) {
            LOG.info("skipping {}: it changed each time it was hashed", file.path());
        }
        return null;
    }

    /**
     * Walks the whole tree, hashing what the cache lacks, and drops the cache entries of files
     * that are gone.
     *
     * @return every regular file in path order, with its hash
     */
    List<Hashed> indexAll() throws IOException {
        List<Hashed> files = new java.util.ArrayList<>();
        Set<String> seen = new HashSet<>();
        root.walk(null, file -> {
            seen.add(file.path());
            Hashed hashed = settled(file);
            if (hashed != null) {
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

    private void persistQuietly() {
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

    /** A file with its content hash. */
    record Hashed(FileStat file, String sha256) {
    }
}
