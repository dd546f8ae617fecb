package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.spi.HandlerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permission bits travel (issue 26, item 2): listings and the change feed give each file's
 * {@code mode}, an upload sets it, and {@code /set_attributes} changes the mode or the time of a
 * file whose content is the version the client expects, without its content.
 */
class AttributesTest {

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
    void aListingAndTheChangeFeedGiveEachFilesPermissionBits() throws Exception {
        Path file = share.write("/run.sh", "#!/bin/sh");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        share.changed("/run.sh");

        Map<?, ?> listed = (Map<?, ?>) ((List<?>) share.ok("/list_files").get("files")).get(0);
        Map<?, ?> changed = (Map<?, ?>) ((List<?>) share.ok("/changes", "since", 0L).get("changes")).get(0);

        assertEquals(0750, listed.get("mode"));
        assertEquals(0750, changed.get("mode"));
        assertEquals(2L, changed.get("seq"), "a change of mode alone is a change");
    }

    @Test
    void anUploadGivesTheCommittedFileItsMode() throws Exception {
        String id = (String) share.ok("/upload_begin", "path", "/tool", "size", 2L, "sha256", TestFolder.sha256("hi"),
                "mode", 0755L).get("upload");
        share.ok("/upload_chunk", "upload", id, "offset", 0L, "data", "aGk=");

        Map<String, ?> done = share.ok("/upload_commit", "upload", id);

        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(share.root.resolve("tool"))));
        assertEquals(0755, done.get("mode"));
    }

    @Test
    void aModeThatIsNotPermissionBitsOrLocksTheOwnerOutIsA400() {
        for (Object mode : List.of(-1L, 01000L, "644", 0200L)) {
            HandlerException refusal = assertThrows(HandlerException.class, () -> share.call("/upload_begin", "path",
                    "/a", "size", 0L, "sha256", TestFolder.sha256(""), "mode", mode));
            assertEquals(400, refusal.code(), String.valueOf(mode));
        }
    }

    @Test
    void setAttributesChangesTheModeAndTheTimeOfTheVersionTheClientKnows() throws Exception {
        Path file = share.write("/a.txt", "aaa");
        long seq = share.folder.index().seq();

        Map<String, ?> done = share.ok("/set_attributes", "path", "/a.txt", "sha256", TestFolder.sha256("aaa"), "mode",
                0600L, "mtime", 1_600_000_000_000L);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(1_600_000_000_000L, Files.getLastModifiedTime(file).toMillis());
        assertEquals(Map.of("path", "/a.txt", "size", 3L, "mtime", 1_600_000_000_000L, "sha256",
                TestFolder.sha256("aaa"), "mode", 0600), done);
        Map<?, ?> changed = (Map<?, ?>) ((List<?>) share.ok("/changes", "since", seq).get("changes")).get(0);
        assertEquals(0600, changed.get("mode"), "in the index at once");
        assertEquals(1_600_000_000_000L, changed.get("mtime"));
    }

    @Test
    void setAttributesOfAnotherVersionIsA409AndChangesNothing() throws Exception {
        Path file = share.write("/a.txt", "changed");
        int before = TestFolder.mode(file);

        HandlerException refusal = assertThrows(HandlerException.class, () -> share.call("/set_attributes", "path",
                "/a.txt", "sha256", TestFolder.sha256("original"), "mode", 0600L));

        assertEquals(409, refusal.code());
        assertEquals("/a.txt changed: its SHA-256 is now " + TestFolder.sha256("changed") + ", not "
                + TestFolder.sha256("original") + "; nothing was changed", refusal.getMessage());
        assertEquals(before, TestFolder.mode(file));
    }

    @Test
    void setAttributesRefusesWhatItCannotDo() throws Exception {
        share.write("/a.txt", "aaa");
        String sha = TestFolder.sha256("aaa");

        assertEquals(400, assertThrows(HandlerException.class,
                () -> share.call("/set_attributes", "path", "/a.txt", "sha256", sha)).code(), "nothing to set");
        assertEquals(404, assertThrows(HandlerException.class,
                () -> share.call("/set_attributes", "path", "/nope", "sha256", sha, "mode", 0644L)).code());
        share.close();
        share = new TestFolder(temp, false);
        assertEquals(403, assertThrows(HandlerException.class,
                () -> share.call("/set_attributes", "path", "/a.txt", "sha256", sha, "mode", 0644L)).code());
    }
}
