package dev.turnstile.client.sync;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tells when something changes in a local folder, through the platform's {@link WatchService}
 * (inotify on Linux): one watch per folder, the root and every folder under it. It watches no
 * link and nothing outside the root (a link to a folder is a name like any other: its change is
 * seen, what it points to is never watched), skips the {@code .turnstile} state folder and the
 * sync's own temporary files, and watches each new folder as it appears. When the platform drops
 * events (an overflow), it reports a change anyway (the push that follows compares everything)
 * and looks for folders it does not watch yet.
 *
 * <p>What changed is not passed on: a push compares the whole folder (cheaply, through the hash
 * cache), so a change is only a reason to push.
 */
final class LocalWatcher implements AutoCloseable {

    private final Path root;
    private final Consumer<Path> changed;
    private final WatchService service;
    private final Map<WatchKey, Path> folders = new HashMap<>();
    private final Thread thread;

    private LocalWatcher(Path root, Consumer<Path> changed, WatchService service) {
        this.root = root;
        this.changed = changed;
        this.service = service;
        this.thread = new Thread(this::run, "turnstile-local-watcher");
        this.thread.setDaemon(true);
    }

    /**
     * @param root the local folder, as a real path (no link in it)
     * @param changed called on the watcher's thread with each changed path (the root after lost
     *     events): must not block
     * @return a running watcher
     * @throws IOException when the folder cannot be watched
     */
    static LocalWatcher start(Path root, Consumer<Path> changed) throws IOException {
        LocalWatcher watcher = new LocalWatcher(root, changed, root.getFileSystem().newWatchService());
        try {
            watcher.watchTree(root);
        } catch (IOException e) {
            watcher.close();
            throw e;
        }
        watcher.thread.start();
        return watcher;
    }

    /** Watches {@code top} and every real folder under it, without following links. */
    private void watchTree(Path top) throws IOException {
        Deque<Path> todo = new ArrayDeque<>();
        todo.add(top);
        while (!todo.isEmpty()) {
            Path folder = todo.poll();
            if (!isRealFolder(folder) || skipped(folder)) {
                continue;
            }
            synchronized (folders) {
                // Registering a watched folder again gives the same key: harmless.
                WatchKey key = folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
                folders.put(key, folder);
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                for (Path entry : entries) {
                    todo.add(entry);
                }
            } catch (IOException e) {
                // Gone or unreadable meanwhile: its push reports what it cannot read.
            }
        }
    }

    /** @return the folders watched now: for tests */
    java.util.Set<Path> watched() {
        synchronized (folders) {
            return new java.util.HashSet<>(folders.values());
        }
    }

    private static boolean isRealFolder(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory();
        } catch (IOException e) {
            return false;
        }
    }

    /** The state folder, at the root only: a {@code .turnstile} deeper down is the user's. */
    private boolean skipped(Path folder) {
        return folder.getParent() != null && folder.getParent().equals(root)
                && folder.getFileName().toString().equals(SyncPaths.STATE_FOLDER);
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                Path folder;
                synchronized (folders) {
                    folder = folders.get(key);
                }
                for (WatchEvent<?> event : key.pollEvents()) {
                    Path path = handle(folder, event);
                    if (path != null) {
                        changed.accept(path);
                    }
                }
                if (!key.reset()) {
                    synchronized (folders) {
                        folders.remove(key);
                    }
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // Closed: the watch is over.
        }
    }

    /** @return the path that changed, or {@code null} when the event is none of the sync's business */
    private Path handle(Path folder, WatchEvent<?> event) {
        if (event.kind() == StandardWatchEventKinds.OVERFLOW || folder == null) {
            rescan();
            return root;
        }
        Path name = (Path) event.context();
        Path path = folder.resolve(name);
        if (skipped(path) || SyncPaths.isOwnName(name.toString())) {
            return null;
        }
        if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && isRealFolder(path)) {
            try {
                watchTree(path);
            } catch (IOException e) {
                rescan();
            }
        }
        return path;
    }

    /** After lost events: watch the folders that appeared unseen. */
    private void rescan() {
        try {
            watchTree(root);
        } catch (IOException e) {
            // The root itself went away: the push that follows says so.
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // Nothing more to do: it watches nothing from now on.
        }
        thread.interrupt();
    }
}
