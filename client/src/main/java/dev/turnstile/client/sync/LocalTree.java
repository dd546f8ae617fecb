package dev.turnstile.client.sync;

import dev.turnstile.filemodel.FileStat;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What LOCAL_DIR holds, found without following a single link: its regular files (each one
 * {@link FileStat}, with change time and identity where the platform gives them), its folders,
 * the things that are neither (links, devices), the files named like the sync's own temporary
 * files (a pull's leftovers, or a user's files that merely have such a name), and the names no
 * request could carry because they are not valid UTF-8. The hidden {@code .turnstile} folder at
 * the top is the sync's state and is not part of the tree.
 */
final class LocalTree {

    final SortedMap<String, FileStat> files = new TreeMap<>();
    final SortedSet<String> folders = new TreeSet<>();
    /** Path → what it is ("a symbolic link", "a special file"): never followed, never replaced. */
    final SortedMap<String, String> others = new TreeMap<>();
    /**
     * What is named {@code *.turnstile-part} or {@code *.turnstile-resume} (a folder aside): the
     * sync's own leftovers, or anything else that only has such a name, which is left alone.
     */
    final SortedSet<String> ownNamed = new TreeSet<>();
    /** A regular file's path → its permission bits, where the platform has them. */
    final Map<String, Integer> modes = new HashMap<>();
    /** Path (with U+FFFD where a byte could not be decoded) → why it cannot be synced. */
    final SortedMap<String, String> unnamable = new TreeMap<>();

    private LocalTree() {
    }

    static LocalTree scan(Path root) throws IOException {
        LocalTree tree = new LocalTree();
        // One look per regular file: the quick check uses the walk's own look (OneLookWalk).
        OneLookWalk.walk(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                if (dir.getParent().equals(root) && dir.getFileName().toString().equals(SyncPaths.STATE_FOLDER)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                String path = SyncPaths.remote(root, dir);
                if (!decodable(dir)) {
                    tree.unnamable.put(path, "the folder's name is not valid UTF-8, so no request can name what it holds");
                    return FileVisitResult.SKIP_SUBTREE;
                }
                tree.folders.add(path);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String path = SyncPaths.remote(root, file);
                if (!decodable(file)) {
                    tree.unnamable.put(path, "its name is not valid UTF-8, so no request can name it");
                } else if (!attributes.isDirectory() && SyncPaths.isOwnName(file.getFileName().toString())) {
                    tree.ownNamed.add(path);
                } else if (attributes.isRegularFile()) {
                    FileStat stat = attributes instanceof OneLookWalk.Looked looked
                            ? new FileStat(path, looked.stat.size(), looked.stat.mtimeNanos(), looked.stat.ctimeNanos(),
                                    looked.stat.fileKey())
                            : FileStat.read(path, file);
                    if (stat != null) {
                        tree.files.put(path, stat);
                        // The walk's attributes are basic ones, even where the platform has POSIX bits.
                        int mode = PermissionBits.of(attributes);
                        tree.modes.put(path, mode != FileEntry.NO_MODE ? mode : PermissionBits.read(file));
                    }
                } else if (attributes.isSymbolicLink()) {
                    tree.others.put(path, "a symbolic link");
                } else if (attributes.isDirectory()) {
                    tree.folders.add(path);
                } else {
                    tree.others.put(path, "a special file");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (file.equals(root)) {
                    throw e;
                }
                tree.others.put(SyncPaths.remote(root, file), "unreadable (" + e.getMessage() + ")");
                return FileVisitResult.CONTINUE;
            }
        });
        return tree;
    }

    /**
     * Whether a name survives being turned into text and back. Java decodes a byte that is not
     * UTF-8 as U+FFFD, and that text names another file (or none): such a name can be neither sent
     * nor opened again by its path.
     */
    private static boolean decodable(Path file) {
        String name = file.getFileName().toString();
        return name.indexOf('\uFFFD') < 0 || file.resolveSibling(name).equals(file);
    }
}
