package dev.turnstile.files;

import dev.turnstile.filemodel.HashCache;
import dev.turnstile.spi.ServerTimer;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the files plugin's handlers share: the confined root, the hash cache, the indexer,
 * the uploads and the lanes their jobs run on. The {@link FilesPlugin} opens one at start, hands it
 * to its handlers' constructors and closes it at stop.
 */
final class SharedFolder implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedFolder.class);

    private final FolderSettings settings;
    private final Lanes lanes;
    private final ServerTimer timer;
    private final OpenGuard guard;
    private final ConfinedRoot root;
    private final Temporaries temporaries;
    private final Indexer indexer;
    private final Uploads uploads;
    private final UploadCommit commits;

    private SharedFolder(FolderSettings settings, Lanes lanes, ServerTimer timer, OpenGuard guard, ConfinedRoot root,
            Temporaries temporaries, Indexer indexer, Uploads uploads) {
        this.settings = settings;
        this.lanes = lanes;
        this.timer = timer;
        this.guard = guard;
        this.root = root;
        this.temporaries = temporaries;
        this.indexer = indexer;
        this.uploads = uploads;
        this.commits = new UploadCommit(uploads, root, indexer, temporaries);
    }

    /**
     * Opens the folder, its jobs to run on the given lanes (a test's manual executors hold them)
     * and its time on the given timer (upload expiry, how often the hash cache is written, the
     * bound on opens).
     *
     * @throws IllegalArgumentException when the shared folder and the data folder overlap
     */
    static SharedFolder open(FolderSettings settings, Lanes lanes, ServerTimer timer) throws IOException {
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
        refuseOverlap(root, settings.dataDir());
        Path state = settings.stateDir();
        Files.createDirectories(state);
        OpenGuard guard = new OpenGuard(timer, lanes);
        ConfinedRoot confined = ConfinedRoot.open(root, guard);
        Temporaries temporaries = null;
        try {
            temporaries = Temporaries.open(state);
            confined.makeFoldersWith(temporaries);
            HashCache cache = HashCache.load(state.resolve("hashes.txt"), warning -> LOG.warn("{}", warning));
            Indexer indexer = new Indexer(confined, cache, timer::nanoTime);
            lanes.afterEachJob(indexer::persistQuietly);
            Uploads uploads = Uploads.open(state.resolve("staging"), root, timer::nanoTime);
            return new SharedFolder(settings, lanes, timer, guard, confined, temporaries, indexer, uploads);
        } catch (IOException | RuntimeException e) {
            if (temporaries != null) {
                temporaries.close();
            }
            confined.close();
            throw e;
        }
    }

    /**
     * Refuses a shared folder that holds the data folder or lies in it, by their paths as given
     * and by their real paths (links resolved), both ways: the plugin's own files (staging, the
     * hash cache) and the server's (its token, its lock) must never be shared, nor an upload
     * written over them.
     */
    private static void refuseOverlap(Path root, Path dataDir) throws IOException {
        Path given = root.toAbsolutePath().normalize();
        Path data = dataDir.toAbsolutePath().normalize();
        Path realRoot = root.toRealPath();
        Path realData = Files.exists(dataDir) ? dataDir.toRealPath() : data;
        if (given.startsWith(data) || data.startsWith(given) || realRoot.startsWith(realData)
                || realData.startsWith(realRoot)) {
            throw new IllegalArgumentException(FilesPlugin.ROOT.key() + " " + root + " and the data folder " + dataDir
                    + " overlap (one lies in the other" + (realRoot.equals(given) && realData.equals(data) ? ""
                    : ", links resolved: " + realRoot + " and " + realData) + "); share a folder outside the data"
                    + " folder, and keep the data folder out of the shared one");
        }
    }

    /**
     * First removes the temporaries an interrupted run left in the shared folder, then indexes the
     * whole tree, on the walk lane, so that the first {@code /get_hashes} finds the hashes ready.
     */
    void indexInBackground() {
        lanes.submit(Lanes.Lane.WALK, () -> {
            temporaries.removeLeftovers(root);
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

    Lanes lanes() {
        return lanes;
    }

    ServerTimer timer() {
        return timer;
    }

    ConfinedRoot root() {
        return root;
    }

    OpenGuard guard() {
        return guard;
    }

    Indexer indexer() {
        return indexer;
    }

    Uploads uploads() {
        return uploads;
    }

    UploadCommit commits() {
        return commits;
    }

    long nanoTime() {
        return timer.nanoTime();
    }

    /** Frees any stuck open, stops the lanes, writes the hash cache, drops unfinished uploads. */
    @Override
    public void close() {
        guard.close();
        lanes.close();
        try {
            indexer.cache().persist();
        } catch (IOException e) {
            LOG.warn("cannot write the hash cache: {}", e.toString());
        }
        try {
            uploads.close();
            temporaries.close();
            root.close();
        } catch (IOException e) {
            LOG.warn("cannot close the shared folder: {}", e.toString());
        }
    }
}
