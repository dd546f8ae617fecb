package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compressed raw chunks on a real shared folder (docs/files.md, "Compressed chunks"): a chunk asked
 * for with {@code "compress"} comes deflated when that pays, as it is when not; an upload chunk
 * marked {@code "compressed"} is inflated into exactly its {@code "length"}, or refused with nothing
 * written and the upload kept.
 */
class CompressedChunksTest {

    @TempDir
    Path temp;

    private TestFolder share;
    private byte[] text;
    private byte[] noise;

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, true);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; lines.length() < 3_000_000; i++) {
            lines.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog\n");
        }
        text = lines.toString().getBytes(StandardCharsets.US_ASCII);
        noise = new byte[3_000_000];
        new Random(9).nextBytes(noise);
        Files.write(share.root.resolve("log.txt"), text);
        Files.write(share.root.resolve("noise.bin"), noise);
    }

    @AfterEach
    void close() {
        share.close();
    }

    @Test
    void aTextChunkAskedForCompressedComesDeflatedWithTheLengthItCovers() throws Exception {
        Response answer = share.call("/get_file_data", "path", "/log.txt", "offset", 1000L, "length", 2_000_000L,
                "encoding", "raw", "compress", "deflate");

        assertEquals(List.of("path", "offset", "size", "mtime", "sha256", "eof", "compressed", "length"),
                List.copyOf(answer.body().keySet()));
        assertEquals("deflate", answer.body().get("compressed"));
        assertEquals(2_000_000, answer.body().get("length"));
        assertEquals(Sha256.ofBytes(text), answer.body().get("sha256"));
        assertNull(answer.attachment().file(), "compressed bytes are the server's own, not a file region");
        assertTrue(answer.attachment().size() < 2_000_000 / 4, answer.attachment().size() + " bytes");
        assertArrayEquals(Arrays.copyOfRange(text, 1000, 2_001_000), inflate(answer.attachment().bytes()));
    }

    @Test
    void anIncompressibleChunkComesAsItIsFromTheFile() throws Exception {
        Response answer = share.call("/get_file_data", "path", "/noise.bin", "encoding", "raw", "compress", "deflate");

        assertFalse(answer.body().containsKey("compressed"));
        assertFalse(answer.body().containsKey("length"));
        assertNotNull(answer.attachment().file());
        assertEquals((long) noise.length, answer.attachment().size());
        answer.attachment().file().close();
    }

    @Test
    void theEmptyChunkAtTheEndIsNotCompressed() throws Exception {
        Response answer = share.call("/get_file_data", "path", "/log.txt", "offset", (long) text.length,
                "encoding", "raw", "compress", "deflate");

        assertFalse(answer.body().containsKey("compressed"));
        assertEquals(0L, answer.attachment().size());
        answer.attachment().file().close();
    }

    @Test
    void anUnknownCodecIsA400NamingTheOnesTheServerHas() {
        for (Object codec : List.of("zstd", "DEFLATE", 1L, true)) {
            HandlerException refused = assertThrows(HandlerException.class, () -> share.call("/get_file_data",
                    "path", "/log.txt", "encoding", "raw", "compress", codec));
            assertEquals(400, refused.code());
            assertTrue(refused.getMessage().startsWith("\"compress\" must name a codec this server has: \"deflate\","
                    + " not "), refused.getMessage());
        }
    }

    @Test
    void compressionOfABase64ChunkIsA400() {
        HandlerException refused = assertThrows(HandlerException.class, () -> share.call("/get_file_data",
                "path", "/log.txt", "compress", "deflate"));

        assertEquals(400, refused.code());
        assertEquals("\"compress\" needs \"encoding\":\"raw\": only raw chunks are compressed", refused.getMessage());
    }

    @Test
    void uploadBeginSaysWhichCodecsAChunkMayComeIn() throws Exception {
        Map<String, ?> begun = share.ok("/upload_begin", "path", "/up.txt", "size", 3L, "sha256", Sha256.ofText("abc"));

        assertEquals(List.of("deflate"), begun.get("compress"));
    }

    @Test
    void aCompressedUploadChunkIsInflatedAndTheFileCommitted() throws Exception {
        String id = begin(text.length);
        byte[] first = deflate(Arrays.copyOf(text, 2_000_000));

        Map<String, ?> answer = share.ok(chunk(id, 0, first, "deflate", 2_000_000L));
        share.ok(new Request(Map.of("url", "/upload_chunk", "upload", id, "offset", 2_000_000L),
                ByteBuffer.wrap(Arrays.copyOfRange(text, 2_000_000, text.length))));
        share.ok("/upload_commit", "upload", id);

        assertEquals(2_000_000, answer.get("length"), "the answer counts the inflated bytes");
        assertArrayEquals(text, Files.readAllBytes(share.root.resolve("up.txt")));
    }

    @Test
    void aSmallChunkThatInflatesPastItsLengthIsRefusedAndNothingIsWritten() throws Exception {
        String id = begin(1000);
        byte[] bomb = deflate(new byte[64 << 20]);

        HandlerException refused = assertThrows(HandlerException.class, () -> share.call(chunk(id, 0, bomb, "deflate",
                1000L)));

        assertEquals(400, refused.code());
        assertEquals("the chunk at offset 0 of /up.txt inflates to more than the 1000 bytes it should; nothing was"
                + " written, the upload is kept", refused.getMessage());
        assertKeptEmptyAndStillTakes(id, 1000);
    }

    @Test
    void aChunkThatInflatesToFewerBytesOrIsCorruptOrCutIsRefusedAndTheUploadKept() throws Exception {
        String id = begin(1000);
        byte[] fewer = deflate(Arrays.copyOf(text, 900));
        byte[] corrupt = Arrays.copyOf(noise, 500);
        corrupt[0] = (byte) 0xff;
        byte[] whole = deflate(Arrays.copyOf(text, 1000));
        byte[] cut = Arrays.copyOf(whole, whole.length - 5);

        Map<byte[], String> sentences = new LinkedHashMap<>();
        sentences.put(fewer, "the chunk at offset 0 of /up.txt inflates to 900 bytes, not the 1000 it should");
        sentences.put(corrupt, "the chunk at offset 0 of /up.txt is not a valid deflate stream (");
        sentences.put(cut, "the chunk at offset 0 of /up.txt ends before its deflate stream does (");
        for (Map.Entry<byte[], String> each : sentences.entrySet()) {
            HandlerException refused = assertThrows(HandlerException.class,
                    () -> share.call(chunk(id, 0, each.getKey(), "deflate", 1000L)));
            assertEquals(400, refused.code());
            assertTrue(refused.getMessage().startsWith(each.getValue()), refused.getMessage());
            assertTrue(refused.getMessage().endsWith("; nothing was written, the upload is kept"), refused.getMessage());
        }
        assertKeptEmptyAndStillTakes(id, 1000);
    }

    @Test
    void aCompressedChunkWithAnUnknownCodecOrWithoutAFittingLengthIsRefused() throws Exception {
        String id = begin(1000);
        byte[] whole = deflate(Arrays.copyOf(text, 1000));

        HandlerException codec = assertThrows(HandlerException.class, () -> share.call(chunk(id, 0, whole, "zstd",
                1000L)));
        HandlerException noLength = assertThrows(HandlerException.class, () -> share.call(chunk(id, 0, whole,
                "deflate", null)));
        HandlerException tooLong = assertThrows(HandlerException.class, () -> share.call(chunk(id, 0, whole,
                "deflate", FolderSettings.MAX_RAW_CHUNK + 1L)));
        HandlerException asBase64 = assertThrows(HandlerException.class, () -> share.call("/upload_chunk", "upload",
                id, "offset", 0L, "data", "YWI=", "compressed", "deflate"));

        assertEquals("\"compressed\" must name a codec this server has: \"deflate\", not \"zstd\"; nothing was"
                + " written, the upload is kept", codec.getMessage());
        assertEquals("a compressed chunk needs \"length\": the number of bytes it inflates to, from 0 to "
                + FolderSettings.MAX_RAW_CHUNK + "; nothing was written, the upload is kept", noLength.getMessage());
        assertEquals(noLength.getMessage(), tooLong.getMessage());
        assertEquals("only a chunk sent as the attachment can be \"compressed\"", asBase64.getMessage());
        assertKeptEmptyAndStillTakes(id, 1000);
    }

    private String begin(long size) throws HandlerException {
        byte[] content = Arrays.copyOf(text, (int) size);
        return (String) share.ok("/upload_begin", "path", "/up.txt", "size", size, "sha256", Sha256.ofBytes(content))
                .get("upload");
    }

    private static Request chunk(String id, long offset, byte[] bytes, String codec, Long length) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("url", "/upload_chunk");
        members.put("upload", id);
        members.put("offset", offset);
        members.put("compressed", codec);
        if (length != null) {
            members.put("length", length);
        }
        return new Request(members, ByteBuffer.wrap(bytes));
    }

    /** The upload holds nothing yet, and a good compressed chunk then completes it. */
    private void assertKeptEmptyAndStillTakes(String id, int size) throws Exception {
        assertEquals(List.of(), share.ok("/upload_status", "upload", id).get("received"));
        share.ok(chunk(id, 0, deflate(Arrays.copyOf(text, size)), "deflate", (long) size));
        share.ok("/upload_commit", "upload", id);
        assertArrayEquals(Arrays.copyOf(text, size), Files.readAllBytes(share.root.resolve("up.txt")));
    }

    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(1, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] inflate(ByteBuffer compressed) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(compressed.duplicate());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        while (!inflater.finished()) {
            out.write(buffer, 0, inflater.inflate(buffer));
        }
        inflater.end();
        return out.toByteArray();
    }
}
