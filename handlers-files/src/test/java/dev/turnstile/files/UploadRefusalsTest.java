package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an outside attack found wrong in the uploads' answers: each refusal is a 400, 409 or 507
 * with a sentence that says what to do, and an upload that can never be committed does not stay
 * to fill the limit.
 */
class UploadRefusalsTest {

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
    void anUploadIdThatIsNotAStringIsA400NamingTheField() {
        for (String url : List.of("/upload_chunk", "/upload_status", "/upload_commit", "/upload_abort")) {
            assertRefused(400, "\"upload\" must be a string: the id /upload_begin answered", url, "upload", 7L,
                    "offset", 0L, "data", "");
        }
    }

    @Test
    void aSizeThatIsNotAnIntegerIsRefusedWithTheRealRange() {
        assertRefused(400, "\"size\" must be an integer from 0 to 9223372036854775807", "/upload_begin", "path", "/a",
                "size", "1", "sha256", TestFolder.sha256(""));
    }

    @Test
    void aModificationTimeBeyondTheYear9999IsRefusedNotClamped() {
        assertRefused(400, "\"mtime\" must be an integer from 0 to 253402300799999", "/upload_begin", "path", "/a",
                "size", 0L, "sha256", TestFolder.sha256(""), "mtime", Long.MAX_VALUE);
    }

    @Test
    void aDeclaredSizeLargerThanTheFreeSpaceIsA507AndNothingIsStaged() throws Exception {
        HandlerException error = assertThrows(HandlerException.class, () -> share.call("/upload_begin", "path", "/big",
                "size", 1L << 62, "sha256", TestFolder.sha256("")));

        assertEquals(507, error.code());
        assertTrue(error.getMessage().startsWith("the upload of \"/big\" needs 4611686018427387904 bytes and the"
                + " server's disk has "), error.getMessage());
        try (Stream<Path> staged = Files.list(share.data.resolve("files/staging"))) {
            assertEquals(0, staged.count());
        }
    }

    @Test
    void aChunkThatFindsTheDiskFullIsA507AndTheUploadIsKept() throws Exception {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.isWritable(full), "no /dev/full");
        FileChannel channel = FileChannel.open(full, StandardOpenOption.WRITE);
        HandlerException error;
        Upload upload;
        try (Lanes lanes = Lanes.ofThreads()) {
            upload = new Upload("f00d", SharePath.parse("/a.txt"), 3, TestFolder.sha256("abc"), null, null,
                    Upload.Replaces.ANYTHING, full, channel, new StagedDigest(channel, lanes), 0);
            error = assertThrows(HandlerException.class, () -> upload.write(0, ByteBuffer.wrap(TestFolder.utf8("abc")), 0));
        }

        assertEquals(507, error.code());
        assertEquals("the server's disk is full: the chunk at offset 0 of /a.txt was not written; the upload is kept,"
                + " send the chunk again once there is room", error.getMessage());
        assertEquals(0, upload.receivedBytes(), "the chunk is not counted: it is sent again");
        upload.channel().close();
    }

    @Test
    void anUploadWhoseCommitIsA409IsDroppedSoConflictsNeverFillTheLimit() throws Exception {
        share.write("/a.txt", "theirs");
        for (int i = 0; i <= Uploads.MAX_UPLOADS; i++) {
            String id = (String) share.ok("/upload_begin", "path", "/a.txt", "size", 4L, "sha256",
                    TestFolder.sha256("mine"), "replaces", null).get("upload");
            share.ok("/upload_chunk", "upload", id, "offset", 0L, "data", "bWluZQ==");
            assertEquals(409, assertThrows(HandlerException.class, () -> share.call("/upload_commit", "upload", id)).code());
            assertEquals(404, assertThrows(HandlerException.class, () -> share.call("/upload_status", "upload", id)).code());
        }

        share.ok("/upload_begin", "path", "/b.txt", "size", 0L, "sha256", TestFolder.sha256(""));
        try (Stream<Path> staged = Files.list(share.data.resolve("files/staging"))) {
            assertEquals(1, staged.count());
        }
    }

    @Test
    void theLimitOfUploadsSaysWhatToDo() throws Exception {
        for (int i = 0; i < Uploads.MAX_UPLOADS; i++) {
            share.ok("/upload_begin", "path", "/f" + i, "size", 1L, "sha256", TestFolder.sha256("x"));
        }

        assertRefused(409, "64 uploads are already in progress; commit or abort one (/upload_abort with its id) before"
                + " beginning another; an upload that receives nothing for an hour is dropped", "/upload_begin", "path",
                "/one-more", "size", 1L, "sha256", TestFolder.sha256("x"));
    }

    private void assertRefused(int code, String message, String url, Object... members) {
        HandlerException error = assertThrows(HandlerException.class, () -> share.call(url, members));
        assertEquals(code, error.code(), error.getMessage());
        assertEquals(message, error.getMessage());
    }
}
