package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.filemodel.PathOrder;
import dev.turnstile.spi.HandlerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeleteAndListTest {

    @TempDir
    Path temp;

    private TestFolder share;

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, true);
    }

    @AfterEach
    void close() {
        share.close();
    }

    @Test
    void aDeleteWithTheCurrentHashRemovesTheFile() throws Exception {
        share.write("/docs/a.txt", "a");

        assertEquals(Map.of("path", "/docs/a.txt", "deleted", true),
                share.ok("/delete_file", "path", "/docs/a.txt", "sha256", TestFolder.sha256("a")));

        assertFalse(Files.exists(share.root.resolve("docs/a.txt")));
        assertTrue(share.folder.index().entry("/docs/a.txt").deleted(), "the index keeps a tombstone");
    }

    @Test
    void aDeleteOfASameSizeEditWithItsModificationTimePutBackIsA409() throws Exception {
        TestFolder.setMtime(share.write("/a.txt", "mine"), 1_600_000_000_000L);
        share.ok("/get_hashes");
        TestFolder.setMtime(share.write("/a.txt", "edit"), 1_600_000_000_000L);

        HandlerException error = assertThrows(HandlerException.class,
                () -> share.call("/delete_file", "path", "/a.txt", "sha256", TestFolder.sha256("mine")));

        assertEquals(409, error.code());
        assertEquals("edit", Files.readString(share.root.resolve("a.txt")));
    }

    @Test
    void aDeleteOfAFileThatChangedIsA409AndTheFileStays() throws Exception {
        share.write("/a.txt", "changed");

        HandlerException error = assertThrows(HandlerException.class,
                () -> share.call("/delete_file", "path", "/a.txt", "sha256", TestFolder.sha256("original")));

        assertEquals(409, error.code());
        assertEquals("/a.txt changed: its SHA-256 is now " + TestFolder.sha256("changed") + ", not "
                + TestFolder.sha256("original") + "; nothing was deleted", error.getMessage());
        assertEquals("changed", Files.readString(share.root.resolve("a.txt")));
    }

    @Test
    void aDeleteOfAMissingFileIsA404() {
        HandlerException error = assertThrows(HandlerException.class,
                () -> share.call("/delete_file", "path", "/nope", "sha256", TestFolder.sha256("")));

        assertEquals(404, error.code());
        assertEquals("no file \"/nope\" in the shared folder", error.getMessage());
    }

    @Test
    void pagesFollowEachOtherInPathOrderUntilNextIsNull() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String path = "/d" + (i % 3) + "/f" + i + ".txt";
            share.write(path, "content " + i);
            expected.add(path);
        }
        share.write("/d0.txt", "between a folder and its name");
        expected.add("/d0.txt");
        expected.sort(PathOrder.CODE_POINTS);

        List<String> seen = new ArrayList<>();
        Object after = null;
        int pages = 0;
        do {
            Map<String, ?> page = after == null ? share.ok("/list_files", "limit", 7L)
                    : share.ok("/list_files", "limit", 7L, "after", after);
            @SuppressWarnings("unchecked")
            List<Map<String, ?>> files = (List<Map<String, ?>>) page.get("files");
            for (Map<String, ?> file : files) {
                seen.add((String) file.get("path"));
                assertEquals(List.of("path", "size", "mtime", "sha256", "mode"), List.copyOf(file.keySet()));
            }
            after = page.get("next");
            pages++;
        } while (after != null);

        assertEquals(expected, seen);
        assertEquals(4, pages);
    }

    @Test
    void aPageOfExactlyTheRemainingFilesEndsTheListing() throws Exception {
        share.write("/a", "1");
        share.write("/b", "2");

        Map<String, ?> page = share.ok("/list_files", "limit", 2L);

        assertNull(page.get("next"));
        assertEquals(2, ((List<?>) page.get("files")).size());
    }

    @Test
    void aLimitOutOfRangeIsA400() {
        HandlerException error = assertThrows(HandlerException.class, () -> share.call("/list_files", "limit", 1001L));

        assertEquals(400, error.code());
        assertEquals("\"limit\" must be an integer from 1 to 1000", error.getMessage());
    }
}
