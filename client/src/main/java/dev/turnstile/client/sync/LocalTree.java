package dev.turnstile.client.sync;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What LOCAL_DIR holds, found without following a single link: its regular files (size and
 * modification time), its folders, the things that are neither (links, devices), and the sync's
 * own leftovers (temporary files and resume records of an interrupted run). The hidden
 * {@code .turnstile} folder at the top is the sync's state and is not part of the tree.
 */
final class LocalTree {

    /** A regular file: path as the shared folder would name it, size, modification time. */
    record LocalFile(String path, long size, long mtimeMillis) {
    }

    final SortedMap<String, LocalFile> files = new TreeMap<>();
    final SortedSet<String> folders = new TreeSet<>();
    /** Path → what it is ("a symbolic link", "a special file"): never followed, never replaced. */
    final SortedMap<String, String> others = new TreeMap<>();
    final List<Path> leftovers = new ArrayList<>();

    private LocalTree() {
    }

    static LocalTree scan(Path root) throws IOException {
        LocalTree tree = new LocalTree();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                if (dir.getParent().equals(root) && dir.getFileName().toString().equals(SyncPaths.STATE_FOLDER)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                tree.folders.add(SyncPaths.remote(root, dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String path = SyncPaths.remote(root, file);
                if (attributes.isRegularFile() && SyncPaths.isOwnName(file.getFileName().toString())) {
                    tree.leftovers.add(file);
                } else if (attributes.isRegularFile()) {
                    tree.files.put(path, new LocalFile(path, attributes.size(), attributes.lastModifiedTime().toMillis()));
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
}
