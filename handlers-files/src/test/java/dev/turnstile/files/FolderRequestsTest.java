package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.HandlerException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Empty folders travel on a push (issue 26, item 6): {@code /make_folder} makes a folder and the
 * missing ones above it, {@code /remove_folder} removes an empty one; both as confined as uploads
 * are, and both reach the change feed at once.
 */
class FolderRequestsTest {

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

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> changesSince(long seq) throws HandlerException {
        return (List<Map<String, Object>>) share.ok("/changes", "since", seq, "folders", true).get("changes");
    }

    private HandlerException refused(String url, Object... members) {
        return assertThrows(HandlerException.class, () -> share.call(url, members));
    }

    @Test
    void aFolderIsMadeWithItsMissingParentsAndItsModeAndTheChangeFeedReportsThem() throws Exception {
        long seq = share.folder.index().seq();

        assertEquals(Map.of("path", "/a/b", "created", true), share.ok("/make_folder", "path", "/a/b", "mode", 0750L));

        assertTrue(Files.isDirectory(share.root.resolve("a/b"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(0750, TestFolder.mode(share.root.resolve("a/b")));
        List<Map<String, Object>> changes = changesSince(seq);
        assertEquals(List.of("/a", "/a/b"), changes.stream().map(change -> change.get("path")).toList());
        assertEquals(true, changes.get(1).get("folder"));
        assertEquals(0750, changes.get(1).get("mode"));
        assertEquals(List.of(), Files.list(share.root).filter(p -> p.getFileName().toString()
                .startsWith(ConfinedRoot.HIDDEN_PREFIX)).toList(), "no hidden folder is left behind");
    }

    @Test
    void anExistingFolderIsLeftAsItIs() throws Exception {
        Files.createDirectories(share.root.resolve("here"));
        int mode = TestFolder.mode(share.root.resolve("here"));

        assertEquals(Map.of("path", "/here", "created", false), share.ok("/make_folder", "path", "/here", "mode", 0777L));

        assertEquals(mode, TestFolder.mode(share.root.resolve("here")));
    }

    @Test
    void aFileOrALinkInTheWayOfAFolderIsA409NamingItAndNothingIsMadeThroughALink() throws Exception {
        share.write("/docs/a.txt", "a");
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(share.root.resolve("link"), outside);

        HandlerException file = refused("/make_folder", "path", "/docs/a.txt/b");
        HandlerException link = refused("/make_folder", "path", "/link/b");

        assertEquals(409, file.code());
        assertEquals("\"/docs/a.txt\" is a file, not a folder (never followed); nothing was made", file.getMessage());
        assertEquals(409, link.code());
        assertEquals("\"/link\" is a link, not a folder (never followed); nothing was made", link.getMessage());
        assertFalse(Files.exists(outside.resolve("b")), "nothing made outside the root");
    }

    @Test
    void anEmptyFolderIsRemovedAndTheChangeFeedReportsIt() throws Exception {
        share.ok("/make_folder", "path", "/gone");
        long seq = share.folder.index().seq();

        assertEquals(Map.of("path", "/gone", "removed", true), share.ok("/remove_folder", "path", "/gone"));

        assertFalse(Files.exists(share.root.resolve("gone")));
        assertEquals(List.of(Map.of("path", "/gone", "seq", seq + 1, "folder", true, "deleted", true)), changesSince(seq));
    }

    @Test
    void aFolderThatHoldsAFileStaysWithA409() throws Exception {
        share.write("/full/a.txt", "a");

        HandlerException error = refused("/remove_folder", "path", "/full");

        assertEquals(409, error.code());
        assertEquals("\"/full\" is not empty; nothing was removed", error.getMessage());
        assertEquals("a", Files.readString(share.root.resolve("full/a.txt")));
    }

    @Test
    void aLinkOrAFileIsNeverRemovedNorFollowedAndAMissingFolderIsA404() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside/empty"));
        Files.createSymbolicLink(share.root.resolve("link"), outside);
        Files.createSymbolicLink(share.root.resolve("through"), outside.getParent());
        share.write("/a.txt", "a");

        HandlerException link = refused("/remove_folder", "path", "/link");
        HandlerException file = refused("/remove_folder", "path", "/a.txt");
        HandlerException through = refused("/remove_folder", "path", "/through/empty");
        HandlerException missing = refused("/remove_folder", "path", "/nope");

        assertEquals(409, link.code());
        assertEquals("\"/link\" is a link, not a folder (never followed); nothing was removed", link.getMessage());
        assertEquals(409, file.code());
        assertEquals(404, through.code(), "a link on the way is not followed");
        assertEquals(404, missing.code());
        assertEquals("no folder \"/nope\" in the shared folder", missing.getMessage());
        assertTrue(Files.isSymbolicLink(share.root.resolve("link")));
        assertTrue(Files.isDirectory(outside));
        assertTrue(Files.exists(share.root.resolve("a.txt")));
    }

    @Test
    void theRootIsNeverMadeNorRemovedAndReservedNamesAreRefused() throws Exception {
        HandlerException remove = refused("/remove_folder", "path", "/");
        HandlerException make = refused("/make_folder", "path", "/");
        HandlerException reserved = refused("/make_folder", "path", "/" + ConfinedRoot.HIDDEN_PREFIX + "dir-x");

        assertEquals(400, remove.code());
        assertEquals("the shared folder's root is never removed; name a folder in it, such as \"/docs\"",
                remove.getMessage());
        assertEquals(400, make.code());
        assertEquals(400, reserved.code());
        assertTrue(Files.isDirectory(share.root));
    }

    @Test
    void aModeWithoutTheOwnersReadWriteAndSearchBitsIsA400() throws Exception {
        for (Object mode : List.of(0500L, 01777L, -1L, "0755")) {
            HandlerException error = refused("/make_folder", "path", "/m", "mode", mode);
            assertEquals(400, error.code(), String.valueOf(mode));
        }
        assertFalse(Files.exists(share.root.resolve("m")));
    }

    @Test
    void aReadOnlyFolderRefusesBothWith403() throws Exception {
        Files.createDirectories(temp.resolve("ro/share/empty"));
        try (TestFolder readOnly = new TestFolder(temp.resolve("ro"), false)) {
            HandlerException make = assertThrows(HandlerException.class,
                    () -> readOnly.call("/make_folder", "path", "/new"));
            HandlerException remove = assertThrows(HandlerException.class,
                    () -> readOnly.call("/remove_folder", "path", "/empty"));

            assertEquals(403, make.code());
            assertEquals(403, remove.code());
        }
        assertFalse(Files.exists(temp.resolve("ro/share/new")));
        assertTrue(Files.isDirectory(temp.resolve("ro/share/empty")));
    }

    @Test
    void anExcludedFolderIsNeitherMadeNorRemoved() throws Exception {
        Path base = temp.resolve("ex");
        Files.createDirectories(base.resolve("share/build"));
        try (TestFolder excluding = new TestFolder(base, base.resolve("data"), true,
                Lanes.on(Runnable::run, Runnable::run, Runnable::run), Exclusions.parse("build/, *.tmp"))) {
            excluding.folder.start();
            HandlerException remove = assertThrows(HandlerException.class,
                    () -> excluding.call("/remove_folder", "path", "/build"));
            HandlerException make = assertThrows(HandlerException.class,
                    () -> excluding.call("/make_folder", "path", "/build/inside"));
            HandlerException tmp = assertThrows(HandlerException.class,
                    () -> excluding.call("/make_folder", "path", "/x.tmp"));

            assertEquals(403, remove.code());
            assertEquals("\"/build\" is excluded from the shared folder (files-exclude): no url makes or removes it",
                    remove.getMessage());
            assertEquals(403, make.code());
            assertEquals(403, tmp.code());
        }
        assertTrue(Files.isDirectory(base.resolve("share/build")));
        assertFalse(Files.exists(base.resolve("share/build/inside")));
        assertFalse(Files.exists(base.resolve("share/x.tmp")));
    }
}
