package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.spi.HandlerException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetFileDataHandlerTest {

    @TempDir
    Path temp;

    private TestFolder share;

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, false);
    }

    @AfterEach
    void close() {
        share.close();
    }

    @Test
    void aSmallFileComesWholeWithSizeMtimeHashAndEof() throws Exception {
        TestFolder.setMtime(share.write("/docs/b.md", "hello"), 1_660_000_000_123L);

        Map<String, ?> body = share.ok("/get_file_data", "path", "/docs/b.md");

        assertEquals(List.of("path", "offset", "data", "size", "mtime", "sha256", "eof"), List.copyOf(body.keySet()));
        assertEquals("/docs/b.md", body.get("path"));
        assertEquals(0L, body.get("offset"));
        assertEquals("aGVsbG8=", body.get("data"));
        assertEquals(5L, body.get("size"));
        assertEquals(1_660_000_000_123L, body.get("mtime"));
        assertEquals(TestFolder.sha256("hello"), body.get("sha256"));
        assertEquals(true, body.get("eof"));
    }

    @Test
    void aLargeFileComesInChunksOfAtMostOneMebibyteThatRebuildIt() throws Exception {
        byte[] content = new byte[2 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        Files.write(share.root.resolve("big.bin"), content);

        Map<String, ?> first = share.ok("/get_file_data", "path", "/big.bin", "length", 5_000_000L);
        Map<String, ?> second = share.ok("/get_file_data", "path", "/big.bin", "offset", 1048576L);
        Map<String, ?> last = share.ok("/get_file_data", "path", "/big.bin", "offset", 2097152L, "length", 100L);

        assertEquals(1048576, Base64.getDecoder().decode((String) first.get("data")).length);
        assertEquals(false, first.get("eof"));
        assertEquals(false, second.get("eof"));
        byte[] tail = Base64.getDecoder().decode((String) last.get("data"));
        assertEquals(17, tail.length);
        assertEquals(true, last.get("eof"));
        assertEquals(java.util.HexFormat.of().formatHex(Sha256.digest().digest(content)), first.get("sha256"));
    }

    @Test
    void chunksReadOneAfterAnotherHoldExactlyTheirOwnBytes() throws Exception {
        byte[] content = new byte[1024 * 1024 + 5000];
        new Random(9).nextBytes(content);
        Files.write(share.root.resolve("big.bin"), content);
        share.write("/small.txt", "hi");

        byte[] full = Base64.getDecoder().decode((String) share.ok("/get_file_data", "path", "/big.bin").get("data"));
        byte[] rest = Base64.getDecoder().decode((String) share.ok("/get_file_data", "path", "/big.bin",
                "offset", 1048576L).get("data"));
        byte[] middle = Base64.getDecoder().decode((String) share.ok("/get_file_data", "path", "/big.bin",
                "offset", 3L, "length", 10L).get("data"));
        byte[] small = Base64.getDecoder().decode((String) share.ok("/get_file_data", "path", "/small.txt").get("data"));

        assertArrayEquals(java.util.Arrays.copyOfRange(content, 0, 1048576), full);
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 1048576, content.length), rest);
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 3, 13), middle);
        assertArrayEquals("hi".getBytes(java.nio.charset.StandardCharsets.UTF_8), small);
    }

    @Test
    void anOffsetAtTheEndGivesEmptyDataAndEof() throws Exception {
        share.write("/a.txt", "abc");

        Map<String, ?> body = share.ok("/get_file_data", "path", "/a.txt", "offset", 3L);

        assertEquals("", body.get("data"));
        assertEquals(true, body.get("eof"));
    }

    @Test
    void anOffsetPastTheEndIsA400() throws Exception {
        share.write("/a.txt", "abc");

        assertRefused(400, "\"offset\" 4 is past the end of \"/a.txt\", which has 3 bytes", "path", "/a.txt", "offset", 4L);
    }

    @Test
    void negativeOrNonIntegerOffsetsAndLengthsAre400() throws Exception {
        share.write("/a.txt", "abc");
        String offset = "\"offset\" must be an integer from 0 to " + Long.MAX_VALUE;
        String length = "\"length\" must be an integer from 0 to " + Long.MAX_VALUE;

        assertRefused(400, offset, "path", "/a.txt", "offset", -1L);
        assertRefused(400, offset, "path", "/a.txt", "offset", new java.math.BigDecimal("1.5"));
        assertRefused(400, offset, "path", "/a.txt", "offset", "0");
        assertRefused(400, offset, "path", "/a.txt", "offset", new BigInteger("99999999999999999999"));
        assertRefused(400, length, "path", "/a.txt", "length", -5L);
        assertRefused(400, length, "path", "/a.txt", "length", true);
    }

    @Test
    void aMissingFileAFolderAndAMissingPathMemberAreRefused() throws Exception {
        Files.createDirectories(share.root.resolve("docs"));

        assertRefused(404, "no file \"/nope.txt\" in the shared folder (folders, links and special files are not served)",
                "path", "/nope.txt");
        assertRefused(404, "no file \"/docs\" in the shared folder (folders, links and special files are not served)",
                "path", "/docs");
        assertRefused(404, "no file \"/nope/a.txt\" in the shared folder (folders, links and special files are not served)",
                "path", "/nope/a.txt");
        assertRefused(400, "\"path\" is required");
        assertRefused(400, "path \"/../a\" must not hold a \"..\" segment", "path", "/../a");
    }

    private void assertRefused(int code, String message, Object... members) {
        HandlerException error = assertThrows(HandlerException.class, () -> share.call("/get_file_data", members));
        assertEquals(code, error.code());
        assertEquals(message, error.getMessage());
    }
}
