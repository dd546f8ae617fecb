package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.spi.HandlerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads reach the folder only complete and verified; anything else leaves it as it was. */
class UploadTest {

    @TempDir
    Path temp;

    private TestFolder share;

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, true);
        share.write("/docs/old.txt", "old");
    }

    @AfterEach
    void close() {
        share.close();
    }

    @Test
    void chunksInAnyOrderCommitIntoTheFolderWithTheirMtime() throws Exception {
        String id = begin("/docs/new/hello.txt", "hello world", 1_600_000_000_000L);
        chunk(id, 6, "world");
        chunk(id, 0, "hello ");

        Map<String, ?> done = share.ok("/upload_commit", "upload", id);

        Path file = share.root.resolve("docs/new/hello.txt");
        assertEquals("hello world", Files.readString(file));
        assertEquals(1_600_000_000_000L, Files.getLastModifiedTime(file).toMillis());
        assertEquals(Map.of("path", "/docs/new/hello.txt", "size", 11L, "mtime", 1_600_000_000_000L,
                "sha256", TestFolder.sha256("hello world"), "mode", TestFolder.mode(file)), done);
        assertEquals(List.of(), staged());
        long hashed = share.folder.hasher().filesHashed();
        assertEquals(TestFolder.sha256("hello world"),
                share.ok("/get_file_data", "path", "/docs/new/hello.txt").get("sha256"));
        assertEquals(hashed, share.folder.hasher().filesHashed(), "the commit's verified hash is the index's");
    }

    @Test
    void aCommitReplacesAnExistingFile() throws Exception {
        String id = begin("/docs/old.txt", "new content", null);
        chunk(id, 0, "new content");

        share.ok("/upload_commit", "upload", id);

        assertEquals("new content", Files.readString(share.root.resolve("docs/old.txt")));
    }

    @Test
    void anEmptyFileNeedsNoChunk() throws Exception {
        String id = begin("/empty", "", null);

        share.ok("/upload_commit", "upload", id);

        assertEquals(0, Files.size(share.root.resolve("empty")));
    }

    @Test
    void aCommitWithMissingBytesIsA400AndTheUploadCanBeCompleted() throws Exception {
        String id = begin("/docs/old.txt", "abcdef", null);
        chunk(id, 0, "ab");
        chunk(id, 4, "ef");

        HandlerException error = assertThrows(HandlerException.class, () -> share.call("/upload_commit", "upload", id));

        assertEquals(400, error.code());
        assertEquals("the upload of /docs/old.txt has received 4 of its 6 bytes; send the missing ranges"
                + " (see /upload_status) and commit again", error.getMessage());
        assertEquals("old", Files.readString(share.root.resolve("docs/old.txt")));
        Map<String, ?> status = share.ok("/upload_status", "upload", id);
        assertEquals(List.of(List.of(0L, 2L), List.of(4L, 6L)), status.get("received"));
        assertEquals("/docs/old.txt", status.get("path"));
        assertEquals(6L, status.get("size"));
        assertEquals(TestFolder.sha256("abcdef"), status.get("sha256"), "the client can check which version it names");
        chunk(id, 2, "cd");
        share.ok("/upload_commit", "upload", id);
        assertEquals("abcdef", Files.readString(share.root.resolve("docs/old.txt")));
    }

    @Test
    void aChunkPastTheDeclaredSizeIsA400() throws Exception {
        String id = begin("/x.txt", "abc", null);

        HandlerException error = assertThrows(HandlerException.class, () -> chunk(id, 2, "cd"));

        assertEquals(400, error.code());
        assertEquals("a chunk of 2 bytes at offset 2 reaches past the declared size 3 of /x.txt", error.getMessage());
    }

    @Test
    void aHashMismatchIsA400DiscardsTheUploadAndLeavesTheFolderAsItWas() throws Exception {
        String id = begin("/docs/old.txt", "right", null);
        chunk(id, 0, "wrong");

        HandlerException error = assertThrows(HandlerException.class, () -> share.call("/upload_commit", "upload", id));

        assertEquals(400, error.code());
        assertEquals("the uploaded content of /docs/old.txt has SHA-256 " + TestFolder.sha256("wrong")
                + ", not the declared " + TestFolder.sha256("right") + "; the upload is discarded", error.getMessage());
        assertEquals("old", Files.readString(share.root.resolve("docs/old.txt")));
        assertEquals(List.of(), staged());
        assertEquals(404, assertThrows(HandlerException.class, () -> share.call("/upload_commit", "upload", id)).code());
    }

    @Test
    void anAbortDropsTheStagedBytesAndTheFolderIsUntouched() throws Exception {
        String id = begin("/docs/old.txt", "new", null);
        chunk(id, 0, "new");

        assertEquals(Map.of("upload", id, "aborted", true), share.ok("/upload_abort", "upload", id));

        assertEquals("old", Files.readString(share.root.resolve("docs/old.txt")));
        assertEquals(List.of(), staged());
        assertEquals(404, assertThrows(HandlerException.class, () -> chunk(id, 0, "n")).code());
    }

    @Test
    void anUploadCutShortByARestartLeavesTheFolderAsItWasAndNothingStaged() throws Exception {
        String id = begin("/docs/old.txt", "new!", null);
        chunk(id, 0, "ne");
        // A crash leaves the staged file; the next start removes it.
        share.folder.uploads();
        Files.copy(share.data.resolve("files/staging/" + id + ".part"), share.data.resolve("files/staging/crashed.part"));
        share.close();

        share = new TestFolder(temp, true);

        assertEquals("old", Files.readString(share.root.resolve("docs/old.txt")));
        assertEquals(List.of(), staged());
        assertEquals(List.of("/docs/old.txt"), ConfinementTest.paths(share.ok("/get_hashes")));
        assertEquals(404, assertThrows(HandlerException.class, () -> chunk(id, 2, "w!")).code());
    }

    @Test
    void anUploadLeftByADisconnectedClientIsNeverVisibleAndExpiresAfterAnHour() throws Exception {
        String id = begin("/late.txt", "late", null);
        chunk(id, 0, "la");

        assertEquals(List.of("/docs/old.txt"), ConfinementTest.paths(share.ok("/get_hashes")));
        share.timer.advance(java.time.Duration.ofNanos(Uploads.IDLE_NANOS + 1));
        begin("/other.txt", "x", null);

        assertEquals(404, assertThrows(HandlerException.class, () -> chunk(id, 2, "te")).code());
        assertEquals(1, staged().size());
    }

    @Test
    void badUploadParametersAre400() {
        assertRefused(400, "\"size\" is required", "/upload_begin", "path", "/a", "sha256", TestFolder.sha256(""));
        assertRefused(400, "\"size\" must be an integer from 0 to " + Long.MAX_VALUE, "/upload_begin", "path", "/a",
                "size", -1L, "sha256", TestFolder.sha256(""));
        assertRefused(400, "\"sha256\" must be 64 lowercase hex digits, or left out to give it at the commit",
                "/upload_begin", "path", "/a", "size", 0L, "sha256", "ABC");
        assertRefused(400, "path \"a\" must start with \"/\"", "/upload_begin", "path", "a", "size", 0L,
                "sha256", TestFolder.sha256(""));
        assertRefused(400, "path \"/d/.turnstile-upload-1\" holds a name reserved for the server's temporary files"
                + " (.turnstile-upload-…), which no url reads, writes or deletes", "/upload_begin", "path",
                "/d/.turnstile-upload-1", "size", 0L, "sha256", TestFolder.sha256(""));
        assertRefused(404, "no upload \"nope\" is in progress; it was committed, aborted, refused, or dropped after an"
                + " hour without chunks", "/upload_chunk", "upload", "nope", "offset", 0L, "data", "");
    }

    @Test
    void badBase64IsA400() throws Exception {
        String id = begin("/x.txt", "abc", null);

        assertRefused(400, "\"data\" must be standard base64", "/upload_chunk", "upload", id, "offset", 0L, "data", "***");
    }

    @Test
    void everyWriteToAReadOnlyFolderIsA403AndChangesNothing() throws Exception {
        share.close();
        share = new TestFolder(temp, false);
        String message = "the shared folder is read-only; the server must run with files-writable=true";

        for (String url : List.of("/upload_begin", "/upload_chunk", "/upload_status", "/upload_commit", "/upload_abort",
                "/delete_file")) {
            assertRefused(403, message, url, "path", "/docs/old.txt", "size", 1L, "sha256", TestFolder.sha256("old"),
                    "upload", "x", "data", "");
        }
        assertEquals("old", Files.readString(share.root.resolve("docs/old.txt")));
        assertEquals(List.of(), staged());
    }

    private String begin(String path, String content, Long mtime) throws HandlerException {
        Object[] members = mtime == null
                ? new Object[] {"path", path, "size", (long) TestFolder.utf8(content).length, "sha256", TestFolder.sha256(content)}
                : new Object[] {"path", path, "size", (long) TestFolder.utf8(content).length, "sha256", TestFolder.sha256(content),
                        "mtime", mtime};
        Map<String, ?> body = share.ok("/upload_begin", members);
        assertEquals(UploadBeginHandler.SUGGESTED_CHUNK, body.get("chunk"));
        return (String) body.get("upload");
    }

    private void chunk(String id, long offset, String content) throws HandlerException {
        share.ok("/upload_chunk", "upload", id, "offset", offset, "data",
                Base64.getEncoder().encodeToString(TestFolder.utf8(content)));
    }

    private void assertRefused(int code, String message, String url, Object... members) {
        HandlerException error = assertThrows(HandlerException.class, () -> share.call(url, members));
        assertEquals(code, error.code(), error.getMessage());
        assertEquals(message, error.getMessage());
    }

    private List<Path> staged() throws Exception {
        try (Stream<Path> files = Files.list(share.data.resolve("files/staging"))) {
            return files.toList();
        }
    }

    @Test
    void stagedFilesNeverAppearInTheSharedFolder() throws Exception {
        begin("/x.txt", "abc", null);

        assertFalse(Files.exists(share.root.resolve("x.txt")));
    }

    @Test
    void aCommitAcrossFileSystemsCopiesToAHiddenFileBesideTheTargetThenRenames() throws Exception {
        Path shm = Path.of("/dev/shm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shm) && !Files.getFileStore(shm).equals(
                Files.getFileStore(temp)), "no second file system to stage on");
        share.close();
        Path data = Files.createTempDirectory(shm, "turnstile-files-test");
        try {
            share = new TestFolder(temp, data, true, Runnable::run);
            String id = begin("/docs/old.txt", "copied across", 1_500_000_000_000L);
            chunk(id, 0, "copied across");

            share.ok("/upload_commit", "upload", id);

            assertEquals("copied across", Files.readString(share.root.resolve("docs/old.txt")));
            assertEquals(1_500_000_000_000L, Files.getLastModifiedTime(share.root.resolve("docs/old.txt")).toMillis());
            try (Stream<Path> left = Files.list(share.root.resolve("docs"))) {
                assertEquals(List.of(share.root.resolve("docs/old.txt")), left.toList());
            }
            assertEquals(List.of(), staged());
        } finally {
            share.close();
            try (Stream<Path> walk = Files.walk(data)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            share = new TestFolder(temp, true);
        }
    }

    @Test
    void hiddenUploadTemporariesAreNeverListed() throws Exception {
        share.write("/docs/" + ConfinedRoot.HIDDEN_PREFIX + "abc", "half");

        assertEquals(List.of("/docs/old.txt"), ConfinementTest.paths(share.ok("/get_hashes")));
    }

    @Test
    void anUploadThatReplacesTheVersionItSawCommits() throws Exception {
        String id = beginReplacing("/docs/old.txt", "newer", TestFolder.sha256("old"));
        chunk(id, 0, "newer");

        share.ok("/upload_commit", "upload", id);

        assertEquals("newer", Files.readString(share.root.resolve("docs/old.txt")));
    }

    @Test
    void anUploadOverAFileThatChangedMeanwhileIsA409AndWritesNothing() throws Exception {
        String id = beginReplacing("/docs/old.txt", "newer", TestFolder.sha256("old"));
        chunk(id, 0, "newer");
        share.write("/docs/old.txt", "someone else's");

        HandlerException error = assertThrows(HandlerException.class, () -> share.call("/upload_commit", "upload", id));

        assertEquals(409, error.code());
        assertEquals("/docs/old.txt changed: its SHA-256 is now " + TestFolder.sha256("someone else's") + ", not "
                + TestFolder.sha256("old") + "; nothing was written; the upload is discarded", error.getMessage());
        assertEquals("someone else's", Files.readString(share.root.resolve("docs/old.txt")));
    }

    @Test
    void aNewFileUploadWhoseTargetAppearedMeanwhileIsA409() throws Exception {
        String id = beginReplacing("/docs/fresh.txt", "mine", null);
        chunk(id, 0, "mine");
        share.write("/docs/fresh.txt", "theirs");

        HandlerException error = assertThrows(HandlerException.class, () -> share.call("/upload_commit", "upload", id));

        assertEquals(409, error.code());
        assertEquals("/docs/fresh.txt was created meanwhile; nothing was written; the upload is discarded", error.getMessage());
        assertEquals("theirs", Files.readString(share.root.resolve("docs/fresh.txt")));
    }

    @Test
    void aSameSizeEditWithItsModificationTimePutBackIsCaughtByTheReplacesCheck() throws Exception {
        TestFolder.setMtime(share.write("/docs/same.txt", "mine"), 1_600_000_000_000L);
        share.ok("/get_hashes");
        String id = beginReplacing("/docs/same.txt", "push", TestFolder.sha256("mine"));
        chunk(id, 0, "push");
        // Someone edits the file in place, same size, and puts its time back: size and times
        // match the cached hash, only the content (or the change time) tells.
        TestFolder.setMtime(share.write("/docs/same.txt", "edit"), 1_600_000_000_000L);

        HandlerException error = assertThrows(HandlerException.class, () -> share.call("/upload_commit", "upload", id));

        assertEquals(409, error.code());
        assertEquals("edit", Files.readString(share.root.resolve("docs/same.txt")), "their edit was not overwritten");
    }

    private String beginReplacing(String path, String content, String replaces) throws HandlerException {
        Object[] list = {"path", path, "size", (long) TestFolder.utf8(content).length, "sha256", TestFolder.sha256(content),
                "replaces", replaces};
        return (String) share.ok("/upload_begin", list).get("upload");
    }
}
