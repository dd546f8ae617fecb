package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashCacheTest {

    @TempDir
    Path root;

    private LocalTree.LocalFile file(String path) throws Exception {
        return LocalTree.scan(root).files.get(path);
    }

    @Test
    void aHashOutlivesTheRunThatMadeItAndAnUnchangedFileIsNotReadAgain() throws Exception {
        SyncTrees.write(root, "/a.txt", "alpha");
        HashCache first = HashCache.load(root);
        String sha = first.sha256(root, file("/a.txt"));
        first.save(List.of("/a.txt"));

        HashCache second = HashCache.load(root);
        assertEquals(sha, second.sha256(root, file("/a.txt")));
        assertEquals(0, second.hashedFiles());
        assertEquals(List.of("hashes.jsonl"), List.of(root.resolve(".turnstile").toFile().list()),
                "written beside and renamed: no temporary file stays");
    }

    @Test
    void aTouchedFileIsHashedAgain() throws Exception {
        SyncTrees.write(root, "/a.txt", "alpha");
        HashCache first = HashCache.load(root);
        first.sha256(root, file("/a.txt"));
        first.save(List.of("/a.txt"));
        SyncTrees.write(root, "/a.txt", "ALPHA".getBytes(), SyncTrees.OLD + 1);

        HashCache second = HashCache.load(root);
        assertEquals(Sha256.hex("ALPHA".getBytes()), second.sha256(root, file("/a.txt")));
        assertEquals(1, second.hashedFiles());
    }

    @Test
    void aFileModifiedJustBeforeItWasHashedIsNotTrustedLater() throws Exception {
        Path a = SyncTrees.write(root, "/a.txt", "alpha".getBytes(), System.currentTimeMillis());
        HashCache first = HashCache.load(root);
        first.sha256(root, file("/a.txt"));
        first.save(List.of("/a.txt"));
        // A second write within the same tick: same size, same time, other bytes.
        FileTime time = Files.getLastModifiedTime(a);
        Files.writeString(a, "ALPHA");
        Files.setLastModifiedTime(a, time);

        assertEquals(Sha256.hex("ALPHA".getBytes()), HashCache.load(root).sha256(root, file("/a.txt")));
    }

    @Test
    void aDamagedCacheIsAnEmptyOne() throws Exception {
        SyncTrees.write(root, "/a.txt", "alpha");
        Files.createDirectories(root.resolve(".turnstile"));
        Files.writeString(root.resolve(".turnstile/hashes.jsonl"), "{\"path\":\"/a.txt\",\"size\":5,\"mti");

        HashCache cache = HashCache.load(root);
        assertEquals(Sha256.hex("alpha".getBytes()), cache.sha256(root, file("/a.txt")));
        assertEquals(1, cache.hashedFiles());
    }

    @Test
    void entriesOfDeletedFilesAreDropped() throws Exception {
        SyncTrees.write(root, "/a.txt", "alpha");
        SyncTrees.write(root, "/b.txt", "bravo");
        HashCache first = HashCache.load(root);
        first.sha256(root, file("/a.txt"));
        first.sha256(root, file("/b.txt"));
        first.save(List.of("/a.txt", "/b.txt"));
        Files.delete(root.resolve("b.txt"));

        HashCache second = HashCache.load(root);
        second.save(List.of("/a.txt"));

        String saved = Files.readString(root.resolve(".turnstile/hashes.jsonl"));
        assertFalse(saved.contains("/b.txt"), saved);
        assertEquals(1, saved.lines().count());
    }

    @Test
    void aRunThatLearntNothingLeavesTheCacheFileAsItWas() throws Exception {
        SyncTrees.write(root, "/a.txt", "alpha");
        SyncTrees.write(root, "/b.txt", "bravo");
        HashCache first = HashCache.load(root);
        first.sha256(root, file("/a.txt"));
        first.sha256(root, file("/b.txt"));
        first.save(List.of("/a.txt", "/b.txt"));
        Path saved = root.resolve(".turnstile/hashes.jsonl");
        Object before = Files.readAttributes(saved, BasicFileAttributes.class).fileKey();

        HashCache second = HashCache.load(root);
        second.sha256(root, file("/a.txt"));
        second.save(List.of("/b.txt"));

        assertEquals(before, Files.readAttributes(saved, BasicFileAttributes.class).fileKey(),
                "not replaced by a copy of itself");
        assertEquals(2, Files.readString(saved).lines().count());
    }
}
