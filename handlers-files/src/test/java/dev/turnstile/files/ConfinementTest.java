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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links, wherever they sit, are never listed, served, followed or written through. */
class ConfinementTest {

    @TempDir
    Path temp;

    private TestFolder share;
    private Path outside;

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, true);
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
    }

    @AfterEach
    void close() {
        share.close();
    }

    @Test
    void aLinkToAFileOutsideTheRootIsNeitherListedNorServed() throws Exception {
        Files.createSymbolicLink(share.root.resolve("leak.txt"), outside.resolve("secret.txt"));
        share.write("/ok.txt", "ok");

        assertEquals(List.of("/ok.txt"), paths(share.ok("/get_hashes")));
        assertEquals(List.of("/ok.txt"), listed());
        assertNotServed("/leak.txt");
    }

    @Test
    void aLinkToAFileInsideTheRootIsNotServedEither() throws Exception {
        share.write("/ok.txt", "ok");
        Files.createSymbolicLink(share.root.resolve("alias.txt"), share.root.resolve("ok.txt"));

        assertEquals(List.of("/ok.txt"), paths(share.ok("/get_hashes")));
        assertNotServed("/alias.txt");
    }

    @Test
    void aSymlinkedParentFolderIsNotFollowed() throws Exception {
        Files.createSymbolicLink(share.root.resolve("docs"), outside);

        assertEquals(List.of(), paths(share.ok("/get_hashes")));
        assertNotServed("/docs/secret.txt");
    }

    @Test
    void aLinkSwappedInForAFolderBetweenTwoChunkReadsIsRefused() throws Exception {
        Files.writeString(Files.createDirectories(share.root.resolve("docs")).resolve("secret.txt"), "x".repeat(2000));
        Files.writeString(outside.resolve("secret.txt"), "y".repeat(2000));

        Map<String, ?> first = share.ok("/get_file_data", "path", "/docs/secret.txt", "length", 1000L);
        assertEquals("x".repeat(1000), new String(Base64.getDecoder().decode((String) first.get("data"))));
        // The attacker's swap: the folder becomes a link to a folder outside, same names, same sizes.
        Files.move(share.root.resolve("docs"), temp.resolve("moved-away"));
        Files.createSymbolicLink(share.root.resolve("docs"), outside);

        assertNotServed("/docs/secret.txt");
    }

    @Test
    void aLinkSwappedInForTheFileBetweenTwoChunkReadsIsRefused() throws Exception {
        share.write("/a.txt", "x".repeat(2000));
        Files.writeString(outside.resolve("secret.txt"), "y".repeat(2000));

        share.ok("/get_file_data", "path", "/a.txt", "length", 1000L);
        Files.delete(share.root.resolve("a.txt"));
        Files.createSymbolicLink(share.root.resolve("a.txt"), outside.resolve("secret.txt"));

        assertNotServed("/a.txt");
    }

    @Test
    void anUploadIntoASymlinkedFolderWritesNothingOutside() throws Exception {
        Files.createSymbolicLink(share.root.resolve("docs"), outside);
        String id = (String) share.ok("/upload_begin", "path", "/docs/new.txt", "size", 2L, "sha256",
                TestFolder.sha256("hi")).get("upload");
        share.ok("/upload_chunk", "upload", id, "offset", 0L, "data", "aGk=");

        HandlerException error = assertThrows(HandlerException.class, () -> share.call("/upload_commit", "upload", id));

        assertEquals(409, error.code());
        assertEquals("a folder of /docs/new.txt is a file or a link in the shared folder; nothing was written; the upload is discarded",
                error.getMessage());
        assertFalse(Files.exists(outside.resolve("new.txt")));
    }

    @Test
    void anUploadOverALinkIsRefusedAndTheLinkTargetIsUntouched() throws Exception {
        Files.createSymbolicLink(share.root.resolve("leak.txt"), outside.resolve("secret.txt"));
        String id = (String) share.ok("/upload_begin", "path", "/leak.txt", "size", 2L, "sha256",
                TestFolder.sha256("hi")).get("upload");
        share.ok("/upload_chunk", "upload", id, "offset", 0L, "data", "aGk=");

        HandlerException error = assertThrows(HandlerException.class, () -> share.call("/upload_commit", "upload", id));

        assertEquals(409, error.code());
        assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
    }

    @Test
    void deletingALinkIsA404AndItsTargetStays() throws Exception {
        Files.createSymbolicLink(share.root.resolve("leak.txt"), outside.resolve("secret.txt"));

        HandlerException error = assertThrows(HandlerException.class,
                () -> share.call("/delete_file", "path", "/leak.txt", "sha256", TestFolder.sha256("secret")));

        assertEquals(404, error.code());
        assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
    }

    @Test
    void namesNoRequestCouldNameAreSkipped() throws Exception {
        share.write("/ok.txt", "ok");
        share.write("/back\\slash.txt", "b");
        share.write("/new\nline.txt", "n");
        share.rescan();

        assertEquals(List.of("/ok.txt"), paths(share.ok("/get_hashes")));
        assertEquals(List.of(Map.of("path", "/back\\slash.txt", "reason", "holds a backslash"),
                Map.of("path", "/new\\u000aline.txt", "reason", "holds control characters")),
                share.ok("/list_files", "skipped", true).get("skipped"));
    }

    @Test
    void aNameThatIsNotValidUtf8IsSkipped() throws Exception {
        share.write("/ok.txt", "ok");
        Process touch = new ProcessBuilder("sh", "-c", "touch \"$(printf 'bad\\377name')\"")
                .directory(share.root.toFile()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(touch.waitFor() == 0, "sh and touch are not available");
        try (var names = Files.list(share.root)) {
            assertEquals(2, names.count(), "the badly named file exists");
        }
        share.rescan();

        assertEquals(List.of("/ok.txt"), paths(share.ok("/get_hashes")));
        assertEquals(List.of("/ok.txt"), listed());
        assertEquals(List.of(Map.of("path", "/bad\uFFFDname", "reason", "not valid UTF-8")),
                share.ok("/list_files", "skipped", true).get("skipped"));
        assertEquals(share.ok("/list_files", "skipped", true).get("skipped"),
                share.ok("/changes", "since", 0L, "skipped", true).get("skipped"), "the change feed from 0 says so too");
    }

    @Test
    void aFifoIsNeitherListedNorOpened() throws Exception {
        Path fifo = share.root.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available");

        assertEquals(List.of(), paths(share.ok("/get_hashes")));
        assertNotServed("/pipe");
    }

    private void assertNotServed(String path) {
        HandlerException error = assertThrows(HandlerException.class, () -> share.call("/get_file_data", "path", path));
        assertEquals(404, error.code(), error.getMessage());
    }

    private List<String> listed() throws HandlerException {
        @SuppressWarnings("unchecked")
        List<Map<String, ?>> files = (List<Map<String, ?>>) share.ok("/list_files").get("files");
        return files.stream().map(f -> (String) f.get("path")).toList();
    }

    @SuppressWarnings("unchecked")
    static List<String> paths(Map<String, ?> getHashes) {
        return ((List<Map<String, ?>>) getHashes.get("hashes")).stream().map(m -> m.keySet().iterator().next()).toList();
    }
}
