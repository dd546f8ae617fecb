package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.spi.Attachment;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk bytes as bytes (SPEC §8, {@code "encoding":"raw"}): a chunk answers with a region of the file
 * as its attachment, which the server sends from the file itself; upload chunks may come as
 * attachments. A unit test reads the region the answer carries, as the server would send it.
 */
class RawChunkTest {

    @TempDir
    Path temp;

    private TestFolder share;
    private byte[] content;

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, true);
        content = new byte[9 * 1024 * 1024 + 5];
        new Random(3).nextBytes(content);
        Files.write(share.root.resolve("big.bin"), content);
    }

    @AfterEach
    void close() {
        share.close();
    }

    @Test
    void aRawChunkIsARegionOfTheFileAfterTheSameMembersButData() throws Exception {
        Response answer = share.call("/get_file_data", "path", "/big.bin", "offset", 10L, "length", 1000L,
                "encoding", "raw");

        assertEquals(List.of("path", "offset", "size", "mtime", "sha256", "eof"), List.copyOf(answer.body().keySet()));
        assertEquals((long) content.length, answer.body().get("size"));
        assertEquals(Sha256.ofBytes(content), answer.body().get("sha256"));
        assertEquals(false, answer.body().get("eof"));
        assertEquals(10L, answer.attachment().position());
        assertEquals(1000L, answer.attachment().size());
        assertArrayEquals(Arrays.copyOfRange(content, 10, 1010), sent(answer.attachment()));
    }

    @Test
    void aRawChunkIsEightMebibytesByDefaultAndAtMost() throws Exception {
        Response byDefault = share.call("/get_file_data", "path", "/big.bin", "encoding", "raw");
        Response capped = share.call("/get_file_data", "path", "/big.bin", "encoding", "raw", "length", 100_000_000L);
        Response tail = share.call("/get_file_data", "path", "/big.bin", "encoding", "raw", "offset",
                (long) GetFileDataHandler.MAX_RAW_LENGTH);

        assertEquals(8L * 1024 * 1024, byDefault.attachment().size());
        assertEquals(8L * 1024 * 1024, capped.attachment().size());
        assertEquals(1024L * 1024 + 5, tail.attachment().size());
        assertEquals(true, tail.body().get("eof"));
        for (Response each : List.of(byDefault, capped, tail)) {
            each.attachment().file().close();
        }
    }

    @Test
    void anOffsetAtTheEndIsAnEmptyAttachmentAndEof() throws Exception {
        Response answer = share.call("/get_file_data", "path", "/big.bin", "encoding", "raw", "offset",
                (long) content.length);

        assertEquals(0L, answer.attachment().size());
        assertEquals(true, answer.body().get("eof"));
        answer.attachment().file().close();
    }

    @Test
    void anEncodingOtherThanRawOrBase64IsA400AndBase64CanBeNamed() throws Exception {
        for (Object encoding : List.of("hex", "RAW", 1L, true)) {
            HandlerException error = assertThrows(HandlerException.class,
                    () -> share.call("/get_file_data", "path", "/big.bin", "encoding", encoding));
            assertEquals(400, error.code());
            assertEquals("\"encoding\" must be \"raw\" or \"base64\"", error.getMessage());
        }
        Response base64 = share.call("/get_file_data", "path", "/big.bin", "encoding", "base64", "length", 3L);
        assertEquals(null, base64.attachment());
        assertEquals(4, ((String) base64.body().get("data")).length());
    }

    @Test
    void aFileEditedAfterTheAnswerAndBeforeItsBytesAreSentFailsTheWholeFileCheck() throws Exception {
        Files.write(share.root.resolve("small.bin"), Arrays.copyOf(content, 5000));
        Response answer = share.call("/get_file_data", "path", "/small.bin", "encoding", "raw");
        String promised = (String) answer.body().get("sha256");
        // Between the answer's line and its bytes, someone rewrites the file in place, same size.
        try (RandomAccessFile file = new RandomAccessFile(share.root.resolve("small.bin").toFile(), "rw")) {
            file.seek(100);
            file.write(new byte[] {1, 2, 3});
        }

        byte[] bytes = sent(answer.attachment());

        assertEquals(5000, bytes.length);
        assertNotEquals(promised, Sha256.ofBytes(bytes), "the client's check of the whole file fails");
    }

    @Test
    void aFileShortenedBeforeItsBytesAreSentIsPaddedAndFailsTheWholeFileCheck() throws Exception {
        Files.write(share.root.resolve("small.bin"), Arrays.copyOf(content, 5000));
        Response answer = share.call("/get_file_data", "path", "/small.bin", "encoding", "raw");
        String promised = (String) answer.body().get("sha256");
        try (RandomAccessFile file = new RandomAccessFile(share.root.resolve("small.bin").toFile(), "rw")) {
            file.setLength(4000);
        }

        byte[] bytes = sent(answer.attachment());

        assertEquals(5000, bytes.length, "the count was promised: the rest comes as zeros");
        assertNotEquals(promised, Sha256.ofBytes(bytes));
    }

    @Test
    void anUploadChunkMayComeAsAnAttachmentAndBeginSaysHowLarge() throws Exception {
        Map<String, ?> begun = share.ok("/upload_begin", "path", "/up.bin", "size", 6L, "sha256",
                Sha256.ofText("abcdef"));
        assertEquals(FolderSettings.MAX_RAW_CHUNK, begun.get("raw_chunk"));
        String id = (String) begun.get("upload");

        Map<String, ?> chunk = share.ok(new Request(Map.of("url", "/upload_chunk", "upload", id, "offset", 2L),
                ByteBuffer.wrap(TestFolder.utf8("cdef"))));
        share.ok("/upload_chunk", "upload", id, "offset", 0L, "data", "YWI=");
        share.ok("/upload_commit", "upload", id);

        assertEquals(4, chunk.get("length"));
        assertEquals("abcdef", Files.readString(share.root.resolve("up.bin")));
    }

    @Test
    void aChunkWithBothAnAttachmentAndDataOrWithNeitherIsA400() throws Exception {
        String id = (String) share.ok("/upload_begin", "path", "/up.bin", "size", 2L, "sha256",
                Sha256.ofText("ab")).get("upload");

        HandlerException both = assertThrows(HandlerException.class, () -> share.call(new Request(Map.of(
                "url", "/upload_chunk", "upload", id, "offset", 0L, "data", "YWI="), ByteBuffer.wrap(TestFolder.utf8("ab")))));
        HandlerException neither = assertThrows(HandlerException.class,
                () -> share.call("/upload_chunk", "upload", id, "offset", 0L));

        assertEquals(400, both.code());
        assertEquals("a chunk comes either as the attachment or as \"data\", not both", both.getMessage());
        assertEquals(400, neither.code());
        assertEquals("\"data\" is required (base64), unless the chunk comes as an attachment", neither.getMessage());
        assertFalse(Files.exists(share.root.resolve("up.bin")));
    }

    /**
     * The bytes the server would send for a file region: read from the file at send time, and zeros
     * where the file has become shorter than the count the answer promised. Closes the file, as the
     * server does.
     */
    private static byte[] sent(Attachment attachment) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) attachment.size());
        try (var file = attachment.file()) {
            while (bytes.hasRemaining() && file.read(bytes, attachment.position() + bytes.position()) > 0) {
                // read on
            }
        }
        return bytes.array();
    }
}
