package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.turnstile.filemodel.FileStat;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OneLookWalkTest {

    @TempDir
    Path root;

    private Map<String, String> walk() throws IOException {
        Map<String, String> seen = new TreeMap<>();
        OneLookWalk.walk(root.toRealPath(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                seen.put(root.relativize(dir).toString(), "folder");
                return dir.getFileName().toString().equals("skipped") ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String kind = attributes.isSymbolicLink() ? "link" : attributes.isDirectory() ? "folder" : "other";
                if (attributes instanceof OneLookWalk.Looked looked) {
                    kind = "file " + looked.stat.size();
                }
                seen.put(root.relativize(file).toString(), kind);
                return FileVisitResult.CONTINUE;
            }
        });
        return seen;
    }

    @Test
    void eachRegularFileComesWithTheOneLookThatTheQuickCheckNeeds() throws Exception {
        Path file = Files.writeString(root.resolve("a.txt"), "alpha");

        FileStat[] looked = new FileStat[1];
        OneLookWalk.walk(root.toRealPath(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path visited, BasicFileAttributes attributes) {
                looked[0] = assertInstanceOf(OneLookWalk.Looked.class, attributes).stat;
                return FileVisitResult.CONTINUE;
            }
        });
        FileStat direct = FileStat.read("/", file);
        assertEquals(direct, looked[0], "size, modification and change time, identity");
    }

    @Test
    void foldersAreEnteredLinksAreNotFollowedAndASkippedFolderIsNotEntered() throws Exception {
        Files.createDirectories(root.resolve("docs/deep"));
        Files.writeString(root.resolve("docs/deep/b.md"), "bravo");
        Files.createDirectories(root.resolve("skipped"));
        Files.writeString(root.resolve("skipped/hidden.txt"), "x");
        Files.createSymbolicLink(root.resolve("link"), root.resolve("docs"));

        Map<String, String> seen = walk();

        assertEquals(Map.of("", "folder", "docs", "folder", "docs/deep", "folder", "docs/deep/b.md", "file 5",
                "skipped", "folder", "link", "link"), seen);
    }
}
