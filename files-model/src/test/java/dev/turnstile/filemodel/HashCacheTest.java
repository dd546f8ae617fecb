package dev.turnstile.filemodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick check, the racy-clean rule, and the cache file: on a manual clock and real files. */
class HashCacheTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T = 1_700_000_000_000L;
    private static final String SHA_A = Sha256.ofText("a");
    private static final String SHA_B = Sha256.ofText("b");

    @TempDir
    Path temp;
    Path file;
    final AtomicLong clock = new AtomicLong(T);
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void paths() {
        file = temp.resolve("hashes.txt");
    }

    private HashCache load() {
        return HashCache.load(file, clock::get, warnings::add);
    }

    private static FileStat stat(String path, long size, long mtimeMillis, long ctimeMillis, String key) {
        return new FileStat(path, size, mtimeMillis * 1_000_000, ctimeMillis == -1 ? FileStat.UNKNOWN : ctimeMillis * 1_000_000,
                key);
    }

    @Test
    void aHashOutlivesTheCacheThatLearntItAndAnUnchangedLookHitsIt() throws IOException {
        HashCache first = load();
        FileStat a = stat("/docs/a b.txt", 1, T - 5000, T - 5000, "(dev=1,ino=7)");
        assertTrue(first.put(a, SHA_A, first.hashingBegins()));
        assertTrue(first.persist());

        HashCache second = load();

        assertEquals(SHA_A, second.lookup(a));
        assertEquals(SHA_A, second.lookupForOverwrite(a));
        assertEquals(List.of(), warnings);
        assertEquals(List.of("hashes.txt"), List.of(temp.toFile().list()), "written beside and renamed: no temporary file stays");
    }

    @Test
    void aLookThatDiffersInAnyFieldBothKnowMisses() {
        HashCache cache = load();
        FileStat a = stat("/a", 1, T - 5000, T - 5000, "(dev=1,ino=7)");
        cache.put(a, SHA_A, cache.hashingBegins());

        assertNull(cache.lookup(stat("/a", 2, T - 5000, T - 5000, "(dev=1,ino=7)")), "size");
        assertNull(cache.lookup(stat("/a", 1, T - 4999, T - 5000, "(dev=1,ino=7)")), "modification time");
        assertNull(cache.lookup(stat("/a", 1, T - 5000, T - 100, "(dev=1,ino=7)")), "change time: its time was put back");
        assertNull(cache.lookup(stat("/a", 1, T - 5000, T - 5000, "(dev=1,ino=8)")), "another file renamed over it");
        assertNull(cache.lookup(stat("/b", 1, T - 5000, T - 5000, "(dev=1,ino=7)")), "another path");
    }

    @Test
    void aLookThroughADirectoryHandleComparesWhatItHasButCannotGuardAnOverwrite() {
        HashCache cache = load();
        FileStat full = stat("/a", 1, T - 5000, T - 5000, "(dev=1,ino=7)");
        FileStat partial = stat("/a", 1, T - 5000, -1, "(dev=1,ino=7)");
        cache.put(full, SHA_A, cache.hashingBegins());

        assertEquals(SHA_A, cache.lookup(partial));
        assertNull(cache.lookupForOverwrite(partial), "without the change time the file must be read");

        cache.put(partial, SHA_A, cache.hashingBegins());
        assertEquals(SHA_A, cache.lookupForOverwrite(full), "a partial look of the same content kept the fuller entry");
    }

    @Test
    void aSameSizeEditWithItsModificationTimePutBackIsSeenOnRealFiles() throws IOException {
        assumeTrue(temp.getFileSystem().supportedFileAttributeViews().contains("unix"), "a platform with change times");
        Path data = Files.writeString(temp.resolve("data.txt"), "alpha");
        FileTime old = FileTime.fromMillis(T - 60_000);
        Files.setLastModifiedTime(data, old);
        HashCache cache = HashCache.load(file, warnings::add);
        FileStat before = FileStat.read("/data.txt", data);
        cache.putWritten(before, Sha256.ofFile(data));
        FileStat after = before;
        // The edit must land in a later tick of the file system's clock than the first look: a
        // bounded number of tries, each a real edit.
        for (int i = 0; i < 100_000 && after.ctimeNanos() == before.ctimeNanos(); i++) {
            Files.writeString(data, "ALPHA");
            Files.setLastModifiedTime(data, old);
            after = FileStat.read("/data.txt", data);
        }

        assertEquals(before.size(), after.size());
        assertEquals(before.mtimeNanos(), after.mtimeNanos());
        assertNull(cache.lookup(after));
        assertNull(cache.lookupForOverwrite(after));
    }

    @Test
    void aFileChangedLessThanTwoSecondsBeforeItWasHashedIsNotTrusted() {
        HashCache cache = load();
        FileStat fresh = stat("/a", 1, T - 1999, T - 1999, null);
        FileStat quiet = stat("/b", 1, T - 2000, T - 2000, null);
        FileStat touchedBack = stat("/c", 1, T - 60_000, T - 10, null);

        assertFalse(cache.put(fresh, SHA_A, cache.hashingBegins()));
        assertTrue(cache.put(quiet, SHA_B, cache.hashingBegins()));
        assertFalse(cache.put(touchedBack, SHA_A, cache.hashingBegins()), "its change time is recent");

        assertNull(cache.lookup(fresh), "hashed again at its next lookup");
        assertEquals(SHA_B, cache.lookup(quiet));
        assertNull(cache.lookup(touchedBack));
        clock.addAndGet(2000);
        assertTrue(cache.put(fresh, SHA_A, cache.hashingBegins()), "once quiet for two seconds");
        assertEquals(SHA_A, cache.lookup(fresh));
    }

    @Test
    void contentTheCallerWroteAndVerifiedIsTrustedAtOnce() {
        HashCache cache = load();
        FileStat justWritten = stat("/a", 1, T, T, "(dev=1,ino=7)");

        cache.putWritten(justWritten, SHA_A);

        assertEquals(SHA_A, cache.lookup(justWritten));
    }

    @Test
    void aCacheThatLearntNothingIsNotWrittenAgain() throws IOException {
        HashCache first = load();
        first.put(stat("/a", 1, T - 5000, T - 5000, null), SHA_A, first.hashingBegins());
        first.persist();
        Object identity = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

        HashCache second = load();
        second.put(stat("/a", 1, T - 5000, T - 5000, null), SHA_A, second.hashingBegins());
        second.retainOnly(Set.of("/a"));

        assertFalse(second.persist());
        assertEquals(identity, Files.readAttributes(file, BasicFileAttributes.class).fileKey(), "not replaced by a copy");
    }

    @Test
    void removedAndUnseenPathsDropOutOfTheFile() throws IOException {
        HashCache cache = load();
        for (String path : List.of("/a", "/b", "/c")) {
            cache.put(stat(path, 1, T - 5000, -1, null), SHA_A, cache.hashingBegins());
        }
        cache.remove("/a");
        cache.retainOnly(List.of("/b", "/gone"));
        cache.persist();

        assertEquals(1, load().size());
        assertEquals(List.of(HashCacheFile.HEADER, SHA_A + " 1 " + (T - 5000) * 1_000_000 + " - - /b"),
                Files.readAllLines(file));
    }

    @Test
    void aLinkPlantedAtTheTemporaryNameIsReplacedNotWrittenThrough() throws IOException {
        Path outside = Files.writeString(temp.resolve("outside.txt"), "precious");
        Path folder = Files.createDirectory(temp.resolve("state"));
        Files.createSymbolicLink(folder.resolve("hashes.txt.tmp"), outside);
        HashCache cache = HashCache.load(folder.resolve("hashes.txt"), clock::get, warnings::add);
        cache.put(stat("/a", 1, T - 5000, -1, null), SHA_A, cache.hashingBegins());

        cache.persist();

        assertEquals("precious", Files.readString(outside));
        assertEquals(List.of("hashes.txt"), List.of(folder.toFile().list()));
        assertEquals(1, HashCache.load(folder.resolve("hashes.txt"), clock::get, warnings::add).size());
    }

    @Test
    void aTornForeignOrLinkedCacheFileIsIgnoredWithOneWarningAndRebuilt() throws IOException {
        FileStat a = stat("/a", 1, T - 5000, -1, null);
        List<String> damaged = List.of(
                HashCacheFile.HEADER + "\n" + SHA_A + " 1 5 - - /a\n" + SHA_B + " 1 5",
                "{\"path\":\"/a\",\"size\":5}\n",
                "",
                HashCacheFile.HEADER + "\n" + SHA_A + " -1 5 - - /a\n",
                HashCacheFile.HEADER + "\n" + SHA_A + " 1 5 - - /a\n\n");
        for (String content : damaged) {
            Files.writeString(file, content);
            warnings.clear();

            HashCache cache = load();

            assertEquals(0, cache.size(), content);
            assertEquals(1, warnings.size(), content);
            assertTrue(warnings.get(0).startsWith("ignoring the hash cache " + file + ": "), warnings.get(0));
            cache.put(a, SHA_A, cache.hashingBegins());
            cache.persist();
            assertEquals(SHA_A, load().lookup(a), "rebuilt");
        }
        Files.delete(file);
        Path elsewhere = Files.writeString(temp.resolve("elsewhere"), HashCacheFile.HEADER + "\n" + SHA_A + " 1 "
                + a.mtimeNanos() + " - - /a\n");
        Files.createSymbolicLink(file, elsewhere);
        warnings.clear();
        assertNull(load().lookup(a), "a link is not followed");
        assertEquals(1, warnings.size());
    }

    @Test
    void aMissingCacheFileIsAnEmptyCacheWithoutAWarning() {
        HashCache cache = load();

        assertEquals(0, cache.size());
        assertEquals(List.of(), warnings);
    }
}
