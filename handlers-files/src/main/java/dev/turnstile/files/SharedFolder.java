package dev.turnstile.files;

import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.ServerTimer;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the files plugin's handlers share: the confined root, the index and what keeps it
 * current, the uploads and the lanes their jobs run on. The {@link FilesPlugin} opens one at start,
 * hands it to its handlers' constructors and closes it at stop.
 */
final class SharedFolder implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedFolder.class);
    /** The hash cache of versions before the index, which the index replaces. */
    private static final String OLD_HASH_CACHE = "hashes.txt";

    private final FolderSettings settings;
    private final Lanes lanes;
    private final ServerTimer timer;
    private final OpenGuard guard;
    private final ConfinedRoot root;
    private final Temporaries temporaries;
    private final IndexStore store;
    private final IndexUpdater updater;
    private final IndexSchedule schedule;
    private final FolderWatcher watcher;
    private final BlockStore blocks;
    private final Uploads uploads;
    private final UploadCommit commits;

    private SharedFolder(FolderSettings settings, Lanes lanes, ServerTimer timer, OpenGuard guard, ConfinedRoot root,
            Temporaries temporaries, IndexStore store, IndexUpdater updater, IndexSchedule schedule,
            FolderWatcher watcher, BlockStore blocks, Uploads uploads) {
        this.settings = settings;
        this.lanes = lanes;
        this.timer = timer;
        this.guard = guard;
        this.root = root;
        this.temporaries = temporaries;
        this.store = store;
        this.updater = updater;
        this.schedule = schedule;
        this.watcher = watcher;
        this.blocks = blocks;
        this.uploads = uploads;
        this.commits = new UploadCommit(this);
    }

    /**
     * Opens the folder, its jobs to run on the given lanes (a test's manual executors hold them)
     * and its time on the given timer (upload expiry, the quiet period, rescans, the bound on opens).
     * Nothing is scanned before {@link #start}.
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
        Files.deleteIfExists(state.resolve(OLD_HASH_CACHE));
        OpenGuard guard = new OpenGuard(timer, lanes);
        ConfinedRoot confined = ConfinedRoot.open(root, guard);
        Temporaries temporaries = null;
        FolderWatcher watcher = null;
        try {
            temporaries = Temporaries.open(state);
            confined.makeFoldersWith(temporaries);
            BlockStore blocks = BlockStore.open(state.resolve("blocks"));
            FileHasher hasher = new FileHasher(confined, blocks, settings.wallClockMillis());
            IndexStore store = IndexStore.open(state, root, settings.excluded(), settings.wallClockMillis());
            IndexUpdater updater = new IndexUpdater(confined, store.index(), hasher, settings.excluded(), lanes,
                    settings.wallClockMillis(), settings.quiet().toMillis());
            IndexSchedule schedule = new IndexSchedule(updater, store, blocks, lanes, timer, settings.rescan(),
                    settings.quiet(), settings.wallClockMillis(), root.toString());
            PendingPaths pending = new PendingPaths(timer, settings.quiet(), schedule::due);
            watcher = settings.reports() == FolderSettings.Reports.WATCHER ? FolderWatcher.start(root, schedule) : null;
            updater.connect(pending, watcher, settings.reports());
            schedule.connect(pending);
            Uploads uploads = Uploads.open(state.resolve("staging"), root, timer::nanoTime, lanes);
            return new SharedFolder(settings, lanes, timer, guard, confined, temporaries, store, updater, schedule,
                    watcher, blocks, uploads);
        } catch (IOException | RuntimeException e) {
            if (watcher != null) {
                watcher.close();
            }
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
     * index) and the server's (its token, its lock) must never be shared, nor an upload written over
     * them.
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
     * First removes the temporaries an interrupted run left in the shared folder, then scans the
     * whole tree against the saved index, on the walk lane; the index is ready after that.
     */
    void start() {
        schedule.start(() -> temporaries.removeLeftovers(root));
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

    FolderIndex index() {
        return store.index();
    }

    IndexUpdater updater() {
        return updater;
    }

    /** @return what the watcher reports to, and what schedules the index's work */
    IndexSchedule schedule() {
        return schedule;
    }

    FileHasher hasher() {
        return updater.hasher();
    }

    BlockStore blocks() {
        return blocks;
    }

    Uploads uploads() {
        return uploads;
    }

    UploadCommit commits() {
        return commits;
    }

    Temporaries temporaries() {
        return temporaries;
    }

    long nanoTime() {
        return timer.nanoTime();
    }

    /** @return how many folders the watcher watches; 0 without one */
    int watchedFolders() {
        return watcher == null ? 0 : watcher.watched();
    }

    /**
     * The hash of a file as a look found it, for serving it: the index's, when the index has the file
     * as it looks and either the watcher runs (it would have told of a later write) or the hash is not
     * racy; otherwise {@code null} (read it).
     */
    String indexedHash(Look look) {
        IndexEntry entry = index().entry(look.path());
        if (entry == null || !entry.matches(look) || entry.sha256() == null
                || entry.racy() && !updater.watching() || updater.pending(look.path())) {
            return null;
        }
        return entry.sha256Hex();
    }

    /**
     * The hash of a file an overwrite or a delete depends on: the index's only while the watcher
     * runs and has told of no change of the path not yet applied (a same-size edit whose time was
     * put back leaves the look as it was); otherwise the file is read.
     *
     * @return the file with its hash, changing, or {@code null} when it is gone
     */
    FileHasher.Hashed currentHash(Look look) throws IOException {
        IndexEntry entry = index().entry(look.path());
        if (entry != null && entry.matches(look) && entry.sha256() != null && updater.watching()
                && !updater.pending(look.path())) {
            return new FileHasher.Hashed(look, entry.sha256(), entry.racy());
        }
        return hasher().settled(look);
    }

    /**
     * @throws HandlerException 404 (reading) or 403 (writing) when {@code files-exclude} excludes the
     *     path, or a folder on its way
     */
    void requireIncluded(SharePath path, boolean writing) throws HandlerException {
        if (settings.excluded().excludes(path.text(), false)) {
            String message = SharePath.quote(path.text()) + " is excluded from the shared folder (files-exclude):"
                    + " no url reads, writes or deletes it";
            throw writing ? HandlerException.forbidden(message) : HandlerException.notFound(message);
        }
    }

    /**
     * @throws HandlerException 403 when {@code files-exclude} excludes the path as a folder, or a
     *     folder on its way
     */
    void requireIncludedFolder(SharePath path) throws HandlerException {
        if (settings.excluded().excludes(path.text(), true)) {
            throw HandlerException.forbidden(SharePath.quote(path.text()) + " is excluded from the shared folder"
                    + " (files-exclude): no url makes or removes it");
        }
    }

    /** Frees any stuck open, stops the watcher and the lanes, saves the index, drops unfinished uploads. */
    @Override
    public void close() {
        guard.close();
        schedule.stopping();
        if (watcher != null) {
            watcher.close();
        }
        lanes.close();
        schedule.close();
        try {
            uploads.close();
            temporaries.close();
            root.close();
        } catch (IOException e) {
            LOG.warn("cannot close the shared folder: {}", e.toString());
        }
    }
}
