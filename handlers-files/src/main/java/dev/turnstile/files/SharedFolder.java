package dev.turnstile.files;

import dev.turnstile.filemodel.HashCache;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the files plugin's handlers share: the confined root, the hash cache, the indexer
 * and the uploads. The {@link FilesPlugin} opens one at start, hands it to its handlers'
 * constructors and closes it at stop.
 */
final class SharedFolder implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedFolder.class);

    private final FolderSettings settings;
    private final ConfinedRoot root;
    private final Indexer indexer;
    private final Uploads uploads;
    private final ExecutorService ownExecutor;
    private final LongSupplier clock;

    private SharedFolder(FolderSettings settings, ConfinedRoot root, Indexer indexer, Uploads uploads,
            ExecutorService ownExecutor, LongSupplier clock) {
        this.settings = settings;
        this.root = root;
        this.indexer = indexer;
        this.uploads = uploads;
        this.ownExecutor = ownExecutor;
        this.clock = clock;
    }

    /**
     * Opens the folder with the given executor for background work (a direct one in tests makes
     * every job finish before {@code submit} returns; a manual one holds them) and clock
     * (nanoseconds, for upload expiry and for how often the hash cache is written).
     *
     * @param owned the executor to shut down on close, or {@code null}
     */
    static SharedFolder open(FolderSettings settings, Executor executor, ExecutorService owned, LongSupplier clock)
            throws IOException {
        Path root = settings.root();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IOException("cannot create " + FilesPlugin.ROOT.key() + " " + root + " (" + e + ");"
                    + " choose another " + FilesPlugin.ROOT.key() + " or fix its permissions", e);
        }
        if (!Files.isReadable(root)) {
            throw new IOException(FilesPlugin.ROOT.key() + " " + root + " is not readable; fix its permissions");
        }
        String encoding = System.getProperty("sun.jnu.encoding", "UTF-8");
        if (!encoding.equalsIgnoreCase("UTF-8")) {
            LOG.warn("Java decodes file names as {}, not UTF-8: names with non-ASCII characters cannot be shared;"
                    + " run the server in a UTF-8 locale (LANG=C.UTF-8)", encoding);
        }
        Path state = settings.stateDir();
        if (state.startsWith(root.toRealPath()) || state.startsWith(root) || root.startsWith(state)) {
            throw new IllegalArgumentException(FilesPlugin.ROOT.key() + " " + root + " holds the plugin's data folder "
                    + state + " (or lies in it); share a folder outside the data folder");
        }
        Files.createDirectories(state);
        ConfinedRoot confined = ConfinedRoot.open(root);
        try {
            HashCache cache = HashCache.load(state.resolve("hashes.txt"), warning -> LOG.warn("{}", warning));
            Indexer indexer = new Indexer(confined, cache, executor, clock);
            Uploads uploads = Uploads.open(state.resolve("staging"), confined, cache, clock);
            return new SharedFolder(settings, confined, indexer, uploads, owned, clock);
        } catch (IOException | RuntimeException e) {
            confined.close();
            throw e;
        }
    }

    /**
     * Starts indexing the whole tree in the background, so that the first {@code /get_hashes} finds
     * the hashes ready.
     */
    void indexInBackground() {
        indexer.submit(() -> {
            long start = System.nanoTime();
            int files = indexer.indexAll().size();
            LOG.info("indexed {} files of {} in {} ms ({} hashed)", files, settings.root(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), indexer.filesHashed());
            return files;
        });
    }

    FolderSettings settings() {
        return settings;
    }

    ConfinedRoot root() {
        return root;
    }

    Indexer indexer() {
        return indexer;
    }

    Uploads uploads() {
        return uploads;
    }

    long nanoTime() {
        return clock.getAsLong();
    }

    /** Stops the background thread, writes the hash cache, drops unfinished uploads. */
    @Override
    public void close() {
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
            try {
                ownExecutor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            indexer.cache().persist();
        } catch (IOException e) {
            LOG.warn("cannot write the hash cache: {}", e.toString());
        }
        try {
            uploads.close();
            root.close();
        } catch (IOException e) {
            LOG.warn("cannot close the shared folder: {}", e.toString());
        }
    }
}
