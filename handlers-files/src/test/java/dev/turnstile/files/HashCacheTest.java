package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hash once: by path, size, mtime and file identity, across listings and restarts. The files are
 * given old modification times: a file changed in the last two seconds is hashed again at each
 * look (the racy-clean rule of turnstile-files-model's HashCache, tested there on a manual clock).
 */
class HashCacheTest {

    @TempDir
    Path temp;

    private TestFolder share;

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, false);
        writeOld("/a.txt", "aaa");
        writeOld("/docs/b.txt", "bbb");
        share.ok("/get_hashes");
    }

    @AfterEach
    void close() {
        share.close();
    }

    @Test
    void anUnchangedTreeIsNotHashedAgain() throws Exception {
        assertEquals(2, share.folder.indexer().filesHashed());

        share.ok("/get_hashes");
        share.ok("/list_files");
        share.ok("/get_file_data", "path", "/a.txt");

        assertEquals(2, share.folder.indexer().filesHashed());
    }

    @Test
    void aTouchedFileIsHashedAgainOnce() throws Exception {
        TestFolder.setMtime(share.root.resolve("a.txt"), 1_000_000L);

        share.ok("/get_hashes");
        share.ok("/get_hashes");

        assertEquals(3, share.folder.indexer().filesHashed());
    }

    @Test
    void aReplacedFileGetsItsNewHash() throws Exception {
        Files.writeString(share.root.resolve("a.txt"), "AAAA");

        assertEquals(TestFolder.sha256("AAAA"), hashOf(share.ok("/get_hashes"), "/a.txt"));
        assertEquals(3, share.folder.indexer().filesHashed());
    }

    @Test
    void aDeletedFileDropsOutOfTheCacheAndItsFile() throws Exception {
        Files.delete(share.root.resolve("docs/b.txt"));
        share.timer.advance(java.time.Duration.ofNanos(Indexer.PERSIST_EVERY_NANOS));

        share.ok("/get_hashes");

        assertEquals(1, share.folder.indexer().cache().size());
        String cacheFile = Files.readString(share.data.resolve("files/hashes.txt"));
        assertTrue(cacheFile.startsWith("turnstile-hashes 2\n"), cacheFile);
        assertTrue(cacheFile.contains(" /a.txt\n"), cacheFile);
        assertFalse(cacheFile.contains("/docs/b.txt"), cacheFile);
    }

    @Test
    void afterARestartAnUnchangedTreeIsNotHashedAgain() throws Exception {
        share.close();
        share = new TestFolder(temp, false);

        Map<String, ?> body = share.ok("/get_hashes");

        assertEquals(0, share.folder.indexer().filesHashed());
        assertEquals(TestFolder.sha256("bbb"), hashOf(body, "/docs/b.txt"));
    }

    @Test
    void aCorruptCacheFileIsIgnoredAndEverythingIsHashedAgain() throws Exception {
        share.close();
        Files.writeString(share.data.resolve("files/hashes.txt"), "garbage\n");
        share = new TestFolder(temp, false);

        assertEquals(TestFolder.sha256("aaa"), hashOf(share.ok("/get_hashes"), "/a.txt"));
        assertEquals(2, share.folder.indexer().filesHashed());
    }

    @Test
    void theCacheFileIsWrittenAtMostEveryFiveSecondsAndAtStop() throws Exception {
        Path cacheFile = share.data.resolve("files/hashes.txt");
        writeOld("/c.txt", "ccc");

        share.ok("/get_hashes");
        assertFalse(Files.readString(cacheFile).contains("/c.txt"), "written less than 5 s after the last time");

        share.timer.advance(java.time.Duration.ofNanos(Indexer.PERSIST_EVERY_NANOS));
        writeOld("/d.txt", "ddd");
        share.ok("/get_hashes");
        assertTrue(Files.readString(cacheFile).contains(" /c.txt\n"));

        share.close();
        assertTrue(Files.readString(cacheFile).contains(" /d.txt\n"), "written at stop");
        share = new TestFolder(temp, false);
    }

    private void writeOld(String path, String content) throws Exception {
        TestFolder.setMtime(share.write(path, content), OLD);
    }

    /** Long enough ago for the racy-clean rule: 2020-09-13. */
    private static final long OLD = 1_600_000_000_000L;

    @SuppressWarnings("unchecked")
    private static String hashOf(Map<String, ?> getHashes, String path) {
        for (Map<String, List<String>> entry : (List<Map<String, List<String>>>) getHashes.get("hashes")) {
            if (entry.containsKey(path)) {
                return entry.get(path).get(1);
            }
        }
        throw new AssertionError(path + " is not listed");
    }
}
