package dev.turnstile.client.sync;

import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/** Builds test trees and describes folders, for comparing a pulled or pushed folder with its source. */
final class SyncTrees {

    /**
     * A fixed modification time, long past. (The hash cache reads the change time too, which no
     * test can set back: a file a test wrote a moment ago is hashed again at each look.)
     */
    static final long OLD = 1_600_000_000_000L;

    private SyncTrees() {
    }

    static Path write(Path root, String path, byte[] content, long mtime) throws IOException {
        Path file = root.resolve(path.substring(1));
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
        return file;
    }

    static Path write(Path root, String path, String content) throws IOException {
        return write(root, path, content.getBytes(StandardCharsets.UTF_8), OLD);
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A tree with what a sync must get right: nesting, empty things, several chunks, non-ASCII. */
    static void standard(Path root) throws IOException {
        write(root, "/a.txt", "alpha");
        write(root, "/docs/b.md", "# bravo");
        write(root, "/deep/x/y/z.bin", random(50_000, 1), OLD + 1000);
        write(root, "/empty.bin", new byte[0], OLD + 2000);
        write(root, "/ünï/cødé ✓.txt", "non-ASCII");
        write(root, "/日本/語.txt", random(4096, 2), OLD);
        Files.createDirectories(root.resolve("empty-folder"));
    }

    /** @return every regular file's path → size, mtime and SHA-256, leaving out the sync's state */
    static SortedMap<String, String> describe(Path root) throws IOException {
        SortedMap<String, String> files = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return dir.getFileName().toString().equals(".turnstile") ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                files.put(SyncPaths.remote(root, file), attributes.size() + " " + attributes.lastModifiedTime().toMillis()
                        + " " + Sha256.ofFile(file));
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    /** @return the sync's temporary files and resume records anywhere under root */
    static List<Path> leftovers(Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        try (var walk = Files.walk(root)) {
            walk.filter(p -> SyncPaths.isOwnName(p.getFileName().toString())).forEach(found::add);
        }
        return found;
    }

    /**
     * Whether this file system gives every write its own change time, however close together, as
     * Linux does since 6.13 (fine-grained timestamps, once a look asked for them): only then can a
     * same-size write with the modification time put back be told from the sync's own write a
     * moment before. Twenty writes in a row, each looked at: on a clock of coarse ticks, several
     * share one.
     */
    static boolean fineGrainedChangeTimes(Path folder) throws IOException {
        Path probe = Files.createTempFile(folder, "probe", null);
        try {
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (int i = 0; i < 20; i++) {
                Files.write(probe, new byte[] {(byte) i});
                seen.add(dev.turnstile.filemodel.FileStat.read("/probe", probe).ctimeNanos());
            }
            return seen.size() == 20;
        } finally {
            Files.delete(probe);
        }
    }
}
