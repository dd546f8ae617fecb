package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * An upload begun without its {@code "sha256"}: the client hashes the file while it sends it and
 * gives the hash at the commit, single or in a batch, and the server verifies the staged bytes
 * against it as strictly as against one given at the beginning.
 */
class UploadHashAtCommitTest {

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

    /** Begins an upload of {@code content} at {@code path} without its hash, and sends it whole. */
    private String sentWithoutHash(String path, String content) throws HandlerException {
        String id = (String) share.ok("/upload_begin", "path", path, "size", (long) TestFolder.utf8(content).length)
                .get("upload");
        chunk(id, content);
        return id;
    }

    private void chunk(String id, String content) throws HandlerException {
        share.ok("/upload_chunk", "upload", id, "offset", 0L, "data",
                Base64.getEncoder().encodeToString(TestFolder.utf8(content)));
    }

    private int refusal(String url, Object... members) {
        return assertThrows(HandlerException.class, () -> share.call(url, members)).code();
    }

    @Test
    void anUploadBegunWithoutAHashIsCommittedWithTheHashItsCommitGives() throws Exception {
        String id = sentWithoutHash("/docs/a.txt", "hello world");

        Map<String, ?> status = share.ok("/upload_status", "upload", id);
        assertFalse(status.containsKey("sha256"), "no hash is known yet: " + status);
        assertEquals(List.of(List.of(0L, 11L)), status.get("received"));

        Map<String, ?> committed = share.ok("/upload_commit", "upload", id, "sha256", TestFolder.sha256("hello world"));

        assertEquals(TestFolder.sha256("hello world"), committed.get("sha256"));
        assertEquals("hello world", Files.readString(share.root.resolve("docs/a.txt")));
    }

    @Test
    void aCommitWhoseHashIsNotTheStagedContentsIsRefusedAndTheUploadDiscarded() throws Exception {
        String id = sentWithoutHash("/a.txt", "what arrived");

        HandlerException refused = assertThrows(HandlerException.class,
                () -> share.call("/upload_commit", "upload", id, "sha256", TestFolder.sha256("what was meant")));

        assertEquals(400, refused.code());
        assertTrue(refused.getMessage().contains("the upload is discarded"), refused.getMessage());
        assertFalse(Files.exists(share.root.resolve("a.txt")));
        assertEquals(404, refusal("/upload_status", "upload", id));
        assertEquals(0, share.folder.uploads().inProgress());
    }

    @Test
    void aCommitWithoutAHashOfAnUploadBegunWithoutOneIsA400ThatSaysWhatToSendAndKeepsTheUpload() throws Exception {
        String id = sentWithoutHash("/a.txt", "abc");

        HandlerException refused = assertThrows(HandlerException.class, () -> share.call("/upload_commit", "upload", id));

        assertEquals(400, refused.code());
        assertTrue(refused.getMessage().contains("give the SHA-256 of the whole file as \"sha256\" with its commit"),
                refused.getMessage());
        assertFalse(Files.exists(share.root.resolve("a.txt")));
        share.ok("/upload_commit", "upload", id, "sha256", TestFolder.sha256("abc"));
        assertEquals("abc", Files.readString(share.root.resolve("a.txt")));
    }

    @Test
    void aCommitsHashOtherThanTheOneTheUploadBeganWithIsA400AndTheUploadIsKept() throws Exception {
        String id = (String) share.ok("/upload_begin", "path", "/a.txt", "size", 3L, "sha256", TestFolder.sha256("abc"))
                .get("upload");
        chunk(id, "abc");

        assertEquals(400, refusal("/upload_commit", "upload", id, "sha256", TestFolder.sha256("xyz")));

        assertEquals(TestFolder.sha256("abc"), share.ok("/upload_status", "upload", id).get("sha256"));
        share.ok("/upload_commit", "upload", id, "sha256", TestFolder.sha256("abc"));
        assertEquals("abc", Files.readString(share.root.resolve("a.txt")));
    }

    @Test
    void aHashThatIsNotHexIsRefusedAtTheBeginningAndAtTheCommit() throws Exception {
        assertEquals(400, refusal("/upload_begin", "path", "/a.txt", "size", 3L, "sha256", "ABC"));
        String id = sentWithoutHash("/a.txt", "abc");

        assertEquals(400, refusal("/upload_commit", "upload", id, "sha256", 17L));
        assertEquals(400, refusal("/upload_commit", "uploads", List.of(id), "sha256", TestFolder.sha256("abc")));

        assertEquals(1, share.folder.uploads().inProgress());
    }

    @Test
    void aBatchTakesPlainIdsAndObjectsWithAHashMixedAndJudgesEachOnItsOwn() throws Exception {
        String hashedAtBegin = (String) share.ok("/upload_begin", "path", "/one.txt", "size", 3L, "sha256",
                TestFolder.sha256("one")).get("upload");
        chunk(hashedAtBegin, "one");
        String hashedAtCommit = sentWithoutHash("/sub/two.txt", "two");
        String noHash = sentWithoutHash("/three.txt", "three");
        String wrongHash = sentWithoutHash("/four.txt", "four");
        String badHex = sentWithoutHash("/five.txt", "five");

        Map<String, ?> answer = share.ok("/upload_commit", "uploads", List.of(hashedAtBegin,
                Map.of("upload", hashedAtCommit, "sha256", TestFolder.sha256("two")), noHash,
                Map.of("upload", wrongHash, "sha256", TestFolder.sha256("not four")),
                Map.of("upload", badHex, "sha256", "five"), Map.of("sha256", TestFolder.sha256("six"))));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> committed = (List<Map<String, Object>>) answer.get("committed");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> failed = (List<Map<String, Object>>) answer.get("failed");
        assertEquals(List.of(hashedAtBegin, hashedAtCommit), committed.stream().map(c -> c.get("upload")).toList());
        assertEquals(TestFolder.sha256("two"), committed.get(1).get("sha256"));
        assertEquals("one", Files.readString(share.root.resolve("one.txt")));
        assertEquals("two", Files.readString(share.root.resolve("sub/two.txt")));
        assertEquals(List.of(noHash, badHex, "-", wrongHash),
                failed.stream().map(f -> f.get("upload") == null ? "-" : f.get("upload")).toList());
        assertEquals(List.of(400, 400, 400, 400), failed.stream().map(f -> f.get("code")).toList());
        assertTrue(((String) failed.get(3).get("error")).startsWith("the uploaded content of /four.txt has SHA-256 "),
                failed.toString());
        assertFalse(Files.exists(share.root.resolve("three.txt")));
        assertFalse(Files.exists(share.root.resolve("four.txt")));
        assertEquals(2, share.folder.uploads().inProgress(), "the uploads refused before their seal stay: " + failed);
    }
}
