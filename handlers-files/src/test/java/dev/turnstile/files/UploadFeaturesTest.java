package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.filemodel.Sha256;
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
 * What a push needs beyond plain uploads: an upload that begins with its target's bytes
 * ({@code "start_from":"target"}, so only the changed blocks travel), a commit that keeps the
 * version it replaces as a conflict copy ({@code "keep_replaced_as"}), and many uploads committed as
 * one batch, each on its own.
 */
class UploadFeaturesTest {

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

    private String upload(String path, String content, Object... more) throws HandlerException {
        Object[] members = new Object[6 + more.length];
        Object[] base = {"path", path, "size", (long) TestFolder.utf8(content).length, "sha256", TestFolder.sha256(content)};
        System.arraycopy(base, 0, members, 0, 6);
        System.arraycopy(more, 0, members, 6, more.length);
        return (String) share.ok("/upload_begin", members).get("upload");
    }

    private void chunk(String id, long offset, String content) throws HandlerException {
        share.ok("/upload_chunk", "upload", id, "offset", offset, "data",
                Base64.getEncoder().encodeToString(TestFolder.utf8(content)));
    }

    @Test
    void anUploadThatStartsFromItsTargetHoldsTheTargetsBytesAndNeedsOnlyWhatDiffers() throws Exception {
        share.write("/doc.txt", "hello world, version one");
        String next = "hello world, version two";

        Map<String, ?> begun = share.ok("/upload_begin", "path", "/doc.txt", "size", 24L, "sha256",
                TestFolder.sha256(next), "replaces", TestFolder.sha256("hello world, version one"), "start_from", "target");
        String id = (String) begun.get("upload");
        assertEquals(List.of(List.of(0L, 24L)), begun.get("received"), "the target's bytes are in the upload");
        chunk(id, 21, "two");
        share.ok("/upload_commit", "upload", id);

        assertEquals(next, Files.readString(share.root.resolve("doc.txt")));
    }

    @Test
    void anUploadStartedFromATargetThatChangedIsA409AndNothingIsBegun() throws Exception {
        share.write("/doc.txt", "changed meanwhile");

        HandlerException refusal = assertThrows(HandlerException.class, () -> share.call("/upload_begin", "path",
                "/doc.txt", "size", 3L, "sha256", TestFolder.sha256("new"), "replaces", TestFolder.sha256("what I saw"),
                "start_from", "target"));

        assertEquals(409, refusal.code());
        assertEquals("/doc.txt changed: its SHA-256 is now " + TestFolder.sha256("changed meanwhile") + ", not "
                + TestFolder.sha256("what I saw") + "; nothing was begun", refusal.getMessage());
        assertEquals(0, share.folder.uploads().inProgress());
    }

    @Test
    void startFromNeedsAKnownTargetVersion() {
        HandlerException noReplaces = assertThrows(HandlerException.class, () -> share.call("/upload_begin", "path",
                "/doc.txt", "size", 1L, "sha256", TestFolder.sha256("x"), "start_from", "target"));
        HandlerException other = assertThrows(HandlerException.class, () -> share.call("/upload_begin", "path",
                "/doc.txt", "size", 1L, "sha256", TestFolder.sha256("x"), "replaces", TestFolder.sha256("y"),
                "start_from", "elsewhere"));
        HandlerException missing = assertThrows(HandlerException.class, () -> share.call("/upload_begin", "path",
                "/doc.txt", "size", 1L, "sha256", TestFolder.sha256("x"), "replaces", TestFolder.sha256("y"),
                "start_from", "target"));

        assertEquals(400, noReplaces.code());
        assertEquals(400, other.code());
        assertEquals(409, missing.code());
    }

    @Test
    void aCommitKeepsTheVersionItReplacesAsAConflictCopyBesideIt() throws Exception {
        Path target = share.write("/docs/a.md", "theirs");
        TestFolder.setMtime(target, 1_600_000_000_000L);
        share.changed("/docs/a.md");
        String id = upload("/docs/a.md", "mine", "replaces", TestFolder.sha256("theirs"));
        chunk(id, 0, "mine");

        share.ok("/upload_commit", "upload", id, "keep_replaced_as", "/docs/a.sync-conflict-20261207-101500.md");

        assertEquals("mine", Files.readString(target));
        Path kept = share.root.resolve("docs/a.sync-conflict-20261207-101500.md");
        assertEquals("theirs", Files.readString(kept));
        assertEquals(1_600_000_000_000L, Files.getLastModifiedTime(kept).toMillis(), "the kept version keeps its time");
        assertEquals(TestFolder.sha256("theirs"),
                share.folder.index().entry("/docs/a.sync-conflict-20261207-101500.md").sha256Hex(), "in the index at once");
        try (var names = Files.list(target.getParent())) {
            assertEquals(2, names.count(), "no temporary left");
        }
    }

    @Test
    void aConflictCopyOverAnExistingNameIsA409AndNothingIsWritten() throws Exception {
        share.write("/a.md", "theirs");
        share.write("/a.copy.md", "someone's");
        String id = upload("/a.md", "mine", "replaces", TestFolder.sha256("theirs"));
        chunk(id, 0, "mine");

        HandlerException refusal = assertThrows(HandlerException.class,
                () -> share.call("/upload_commit", "upload", id, "keep_replaced_as", "/a.copy.md"));

        assertEquals(409, refusal.code());
        assertEquals("/a.copy.md exists already; nothing was written; the upload is discarded", refusal.getMessage());
        assertEquals("theirs", Files.readString(share.root.resolve("a.md")));
        assertEquals("someone's", Files.readString(share.root.resolve("a.copy.md")));
    }

    @Test
    void aConflictCopyNameMustBeAnotherFileOfTheSameFolderAndTheReplacedVersionKnown() throws Exception {
        share.write("/docs/a.md", "theirs");
        String known = upload("/docs/a.md", "mine", "replaces", TestFolder.sha256("theirs"));
        String unknown = upload("/docs/b.md", "mine");
        chunk(known, 0, "mine");
        chunk(unknown, 0, "mine");

        for (Object name : List.of("/elsewhere.md", "/docs/a.md", "/docs/sub/a.md", 5L)) {
            HandlerException refusal = assertThrows(HandlerException.class,
                    () -> share.call("/upload_commit", "upload", known, "keep_replaced_as", name));
            assertEquals(400, refusal.code(), String.valueOf(name));
        }
        assertEquals(400, assertThrows(HandlerException.class,
                () -> share.call("/upload_commit", "upload", unknown, "keep_replaced_as", "/docs/b.copy.md")).code());
    }

    @Test
    void aBatchCommitsEachUploadOnItsOwnAndSaysWhichFailed() throws Exception {
        String one = upload("/one.txt", "one");
        String two = upload("/sub/two.txt", "two");
        String bad = upload("/bad.txt", "declared");
        String missing = upload("/missing.txt", "not sent");
        chunk(one, 0, "one");
        chunk(two, 0, "two");
        chunk(bad, 0, "xxxxxxxx");

        Map<String, ?> answer = share.ok("/upload_commit", "uploads", List.of(one, two, bad, missing, "nope"));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> committed = (List<Map<String, Object>>) answer.get("committed");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> failed = (List<Map<String, Object>>) answer.get("failed");
        assertEquals(List.of(one, two), committed.stream().map(c -> c.get("upload")).toList());
        assertEquals("/sub/two.txt", committed.get(1).get("path"));
        assertEquals(TestFolder.sha256("two"), committed.get(1).get("sha256"));
        assertEquals(List.of(missing, "nope", bad), failed.stream().map(f -> f.get("upload")).toList());
        assertEquals(List.of(400, 404, 400), failed.stream().map(f -> f.get("code")).toList());
        assertTrue(((String) failed.get(2).get("error")).startsWith("the uploaded content of /bad.txt has SHA-256 "));
        assertEquals("one", Files.readString(share.root.resolve("one.txt")));
        assertEquals("two", Files.readString(share.root.resolve("sub/two.txt")));
        assertFalse(Files.exists(share.root.resolve("bad.txt")));
        assertEquals(1, share.folder.uploads().inProgress(), "the upload missing bytes stays");
    }

    @Test
    void aBatchIsAListOfUploadIdsAndNothingElse() {
        for (Object[] request : List.of(new Object[] {"uploads", List.of()}, new Object[] {"uploads", "id"},
                new Object[] {"uploads", List.of("a"), "upload", "a"},
                new Object[] {"uploads", List.of("a"), "keep_replaced_as", "/x"})) {
            assertEquals(400, assertThrows(HandlerException.class, () -> share.call("/upload_commit", request)).code());
        }
    }

    @Test
    void aSealedUploadThatGetsAnotherChunkIsVerifiedAgainAtItsCommit() throws Exception {
        String id = upload("/a.txt", "right");
        chunk(id, 0, "wrong");
        chunk(id, 0, "right");

        share.ok("/upload_commit", "upload", id);

        assertEquals("right", Files.readString(share.root.resolve("a.txt")));
        assertEquals(Sha256.ofText("right"), share.folder.index().entry("/a.txt").sha256Hex());
    }
}
