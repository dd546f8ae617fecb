package dev.turnstile.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's watcher on the shared folder ({@link WatchService}: inotify on Linux), one watch
 * per folder, set by the walk before it reads the folder. A thread of its own takes the events and
 * tells the {@link Sink} the path of each name created, modified or removed; an overflow (the
 * kernel dropped events) or a watch lost (its folder removed, moved or unmounted) is said as such,
 * and the index looks again at what it covered.
 *
 * <p>Java sets a watch by a folder's path text, which would follow a link swapped in for the folder
 * between the walk's look and the watch. So the folder is looked at again (without following
 * links) after the watch is set, and the watch is dropped unless it is the folder the walk saw:
 * nothing is read through a watch, only names, and the names are looked at through the root's
 * handles like any other.
 *
 * <p>When the platform's limit of watches is reached (Linux's {@code fs.inotify.max_user_watches}),
 * the folders past it are not watched: one warning says so, the watcher counts as not
 * {@linkplain #healthy() healthy}, and only the periodic rescan ({@code files-rescan}) finds their
 * changes.
 */
final class FolderWatcher implements Closeable {

    /** What the watcher tells. */
    interface Sink {
        /** A name in a watched folder was created, written or removed. */
        void changed(String path);

        /** Events were lost: every folder must be looked at again. */
        void overflow();

        /** The watch of a folder is gone (the folder removed, moved or unmounted). */
        void lost(String folder);
    }

    private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);

    private final Path root;
    private final WatchService service;
    private final Sink sink;
    private final Map<WatchKey, String> folders = new ConcurrentHashMap<>();
    private final Map<String, WatchKey> keys = new ConcurrentHashMap<>();
    private final AtomicBoolean limitWarned = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean complete = true;

    private FolderWatcher(Path root, WatchService service, Sink sink) {
        this.root = root;
        this.service = service;
        this.sink = sink;
        this.thread = new Thread(this::run, "turnstile-files-watch");
        thread.setDaemon(true);
    }

    /**
     * Starts watching nothing yet: {@link #watch} adds folders.
     *
     * @param root the shared folder as configured
     */
    static FolderWatcher start(Path root, Sink sink) throws IOException {
        FolderWatcher watcher = new FolderWatcher(root, FileSystems.getDefault().newWatchService(), sink);
        watcher.thread.start();
        return watcher;
    }

    /**
     * Watches a folder (again, if it was), and checks that the watch is on the folder the caller saw.
     *
     * @param folder its path in the shared folder, {@code ""} for the root
     * @param seen the walk's look at it (through the root's handles), or {@code null} for the root
     */
    void watch(String folder, Look seen) {
        Path path = folder.isEmpty() ? root : root.resolve(folder.substring(1));
        WatchKey key;
        try {
            key = path.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (ClosedWatchServiceException e) {
            return;
        } catch (IOException e) {
            complete = false;
            if (limitWarned.compareAndSet(false, true)) {
                LOG.warn("cannot watch {} (and maybe more folders) of the shared folder: {}; changes there are found"
                        + " by the periodic rescan (files-rescan) only; on Linux, raise fs.inotify.max_user_watches",
                        folder.isEmpty() ? "the root" : folder, e.toString());
            }
            return;
        }
        if (seen != null && !sameFolder(path, seen)) {
            key.cancel(); // a link or another folder took its place since the walk's look
            return;
        }
        WatchKey old = keys.put(folder, key);
        folders.put(key, folder);
        if (old != null && old != key) {
            folders.remove(old);
        }
    }

    private static boolean sameFolder(Path path, Look seen) {
        try {
            BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS);
            if (!now.isDirectory()) {
                return false;
            }
            Look look = Look.of(seen.path(), now);
            return seen.inode() == Look.UNKNOWN || look.inode() == seen.inode() && look.device() == seen.device();
        } catch (IOException e) {
            return false;
        }
    }

    /** @return whether every folder asked for is watched (no limit reached) */
    boolean healthy() {
        return complete;
    }

    /** @return how many folders are watched */
    int watched() {
        return keys.size();
    }

    private void run() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            String folder = folders.get(key);
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    sink.overflow();
                } else if (folder != null && event.context() instanceof Path name) {
                    sink.changed(folder + "/" + name);
                }
            }
            if (!key.reset() && folder != null) {
                folders.remove(key);
                keys.remove(folder, key);
                sink.lost(folder);
            }
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing the watcher: {}", e.toString());
        }
        thread.interrupt();
    }

    @Override
    public String toString() {
        return "FolderWatcher[" + Objects.toString(root) + ", " + keys.size() + " folders]";
    }
}
