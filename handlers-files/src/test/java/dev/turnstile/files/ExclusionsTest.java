package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.filemodel.IgnoreRules;
import dev.turnstile.spi.HandlerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code files-exclude} (issue 26, item 1): a path it matches, or one inside a folder it matches, is
 * never listed, served, written or deleted, and never enters the index or the change feed.
 */
class ExclusionsTest {

    @TempDir
    Path temp;

    private TestFolder share;

    @BeforeEach
    void open() throws Exception {
        Files.createDirectories(temp.resolve("share/build"));
        Files.writeString(temp.resolve("share/build/out.bin"), "built");
        Files.writeString(temp.resolve("share/a.txt"), "a");
        Files.writeString(temp.resolve("share/a.tmp"), "scratch");
        Files.writeString(temp.resolve("share/keep.tmp"), "kept");
        share = new TestFolder(temp, temp.resolve("data"), true, Lanes.on(Runnable::run, Runnable::run, Runnable::run),
                Exclusions.parse("*.tmp, build/, !keep.tmp"));
        share.folder.start();
    }

    @AfterEach
    void close() {
        share.close();
    }

    @SuppressWarnings("unchecked")
    private List<Object> listed() throws HandlerException {
        return ((List<Map<String, Object>>) share.ok("/list_files", "folders", true).get("files")).stream()
                .map(f -> f.get("path")).toList();
    }

    @Test
    void excludedPathsAreNeverListedNorIndexed() throws Exception {
        assertEquals(List.of("/a.txt", "/keep.tmp"), listed());
        assertEquals(List.of("/a.txt", "/keep.tmp"), ConfinementTest.paths(share.ok("/get_hashes")));
        assertNull(share.folder.index().entry("/build"));

        Files.writeString(share.root.resolve("late.tmp"), "x");
        share.changed("/late.tmp");
        Files.writeString(share.root.resolve("build/more.bin"), "x");
        share.changed("/build/more.bin");

        assertEquals(2L, share.ok("/changes", "since", 0L).get("seq"), "no change of an excluded path is numbered");
    }

    @Test
    void anExcludedPathIsNotServedNorWrittenNorDeleted() {
        HandlerException read = assertThrows(HandlerException.class,
                () -> share.call("/get_file_data", "path", "/build/out.bin"));
        HandlerException write = assertThrows(HandlerException.class, () -> share.call("/upload_begin", "path",
                "/new.tmp", "size", 0L, "sha256", TestFolder.sha256("")));
        HandlerException delete = assertThrows(HandlerException.class,
                () -> share.call("/delete_file", "path", "/a.tmp", "sha256", TestFolder.sha256("scratch")));
        HandlerException blocks = assertThrows(HandlerException.class, () -> share.call("/get_blocks", "path", "/a.tmp"));

        assertEquals(404, read.code());
        assertEquals("\"/build/out.bin\" is excluded from the shared folder (files-exclude): no url reads, writes or"
                + " deletes it", read.getMessage());
        assertEquals(403, write.code());
        assertEquals(403, delete.code());
        assertEquals(404, blocks.code());
        assertTrue(Files.exists(share.root.resolve("a.tmp")));
    }

    @Test
    void aConflictCopyUnderAnExcludedNameIsRefused() throws Exception {
        String id = (String) share.ok("/upload_begin", "path", "/a.txt", "size", 1L, "sha256", TestFolder.sha256("b"),
                "replaces", TestFolder.sha256("a")).get("upload");
        share.ok("/upload_chunk", "upload", id, "offset", 0L, "data", "Yg==");

        assertEquals(403, assertThrows(HandlerException.class,
                () -> share.call("/upload_commit", "upload", id, "keep_replaced_as", "/a.conflict.tmp")).code());
    }

    @Test
    void noRulesExcludeNothing() {
        assertTrue(Exclusions.parse("").isEmpty());
        assertTrue(Exclusions.parse(" , ,").isEmpty());
        assertEquals(IgnoreRules.none().patterns(), Exclusions.parse("").patterns());
    }
}
