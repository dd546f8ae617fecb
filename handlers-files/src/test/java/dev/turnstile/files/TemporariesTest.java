package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.testing.ManualExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash in the middle of a commit across file systems, or of making a folder, leaves a hidden
 * temporary in the shared folder; the record written before it was created lets the next start
 * remove exactly that, and nothing of the user's.
 */
class TemporariesTest {

    private static final String COPY = ConfinedRoot.HIDDEN_PREFIX + "0123456789abcdef0123456789abcdef";

    @TempDir
    Path temp;

    private TestFolder share;

    @AfterEach
    void close() {
        if (share != null) {
            share.close();
        }
    }

    @Test
    void whatACrashLeftIsRemovedAtTheNextStartBeforeTheFirstWalk() throws Exception {
        Path data = temp.resolve("data");
        Path copy = Files.createDirectories(temp.resolve("share/docs")).resolve(COPY);
        Files.write(copy, new byte[58]);
        Path folder = Files.createDirectories(temp.resolve("share/" + FolderMaker.PREFIX + "00aa"));
        Path theirs = Files.writeString(temp.resolve("share/docs/" + ConfinedRoot.HIDDEN_PREFIX + "notes"), "theirs");
        // What the crashed run recorded before creating its two temporaries, and one it saw gone.
        Files.createDirectories(data.resolve("files"));
        Files.writeString(data.resolve("files/" + Temporaries.FILE_NAME), "+/docs/" + COPY + "\n+/"
                + folder.getFileName() + "\n+/docs/" + ConfinedRoot.HIDDEN_PREFIX + "gone\n-/docs/"
                + ConfinedRoot.HIDDEN_PREFIX + "gone\n");
        ManualExecutor walk = new ManualExecutor();

        share = new TestFolder(temp, data, true, Lanes.on(walk, Runnable::run, Runnable::run));
        share.folder.start();
        assertTrue(Files.exists(copy), "removed in the background, not before the server serves");
        walk.runAll();

        assertFalse(Files.exists(copy));
        assertFalse(Files.exists(folder));
        assertEquals("theirs", Files.readString(theirs), "a file of the user's with a like name is never removed");
    }

    @Test
    void theTemporaryOfACommitAcrossFileSystemsIsRecordedThenSeenGone() throws Exception {
        Path shm = Path.of("/dev/shm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shm) && !Files.getFileStore(shm).equals(
                Files.getFileStore(temp)), "no second file system to stage on");
        Path data = Files.createTempDirectory(shm, "turnstile-temporaries-test");
        try {
            share = new TestFolder(temp, data, true, Runnable::run);
            String id = (String) share.ok("/upload_begin", "path", "/new/a.txt", "size", 1L, "sha256",
                    TestFolder.sha256("a")).get("upload");
            share.ok("/upload_chunk", "upload", id, "offset", 0L, "data", "YQ==");
            share.ok("/upload_commit", "upload", id);

            List<String> lines = Files.readAllLines(data.resolve("files/" + Temporaries.FILE_NAME));
            assertEquals(4, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("+/" + FolderMaker.PREFIX) && lines.get(1).startsWith("-/" + FolderMaker.PREFIX));
            assertEquals(List.of("+/new/" + ConfinedRoot.HIDDEN_PREFIX + id, "-/new/" + ConfinedRoot.HIDDEN_PREFIX + id),
                    lines.subList(2, 4));
            assertEquals("a", Files.readString(share.root.resolve("new/a.txt")));
        } finally {
            share.close();
            share = null;
            try (var walk = Files.walk(data)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void everyUrlRefusesTheHiddenNames() throws Exception {
        share = new TestFolder(temp, true);
        share.write("/docs/" + COPY, "half");
        String refused = "path \"/docs/" + COPY + "\" holds a name reserved for the server's temporary files"
                + " (.turnstile-upload-…), which no url reads, writes or deletes";

        for (Object[] request : List.of(new Object[] {"/get_file_data", "path", "/docs/" + COPY},
                new Object[] {"/delete_file", "path", "/docs/" + COPY, "sha256", TestFolder.sha256("half")},
                new Object[] {"/upload_begin", "path", "/docs/" + COPY, "size", 0L, "sha256", TestFolder.sha256("")},
                new Object[] {"/get_file_data", "path", "/" + FolderMaker.PREFIX + "1/a.txt"})) {
            Object[] members = java.util.Arrays.copyOfRange(request, 1, request.length);
            HandlerException error = assertThrows(HandlerException.class, () -> share.call((String) request[0], members));
            assertEquals(400, error.code());
            if (((String) request[2]).startsWith("/docs")) {
                assertEquals(refused, error.getMessage());
            }
        }
        assertEquals("half", Files.readString(share.root.resolve("docs/" + COPY)));
    }
}
