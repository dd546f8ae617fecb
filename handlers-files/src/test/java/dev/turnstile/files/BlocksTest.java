package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Response;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /get_blocks} (issue 26, item 3): the SHA-256 of each 64 KiB block of a large file, as raw
 * bytes after the answer's line, computed with the file's hash and kept in the plugin's folder, so a
 * client fetches only the blocks that differ.
 */
class BlocksTest {

    private static final int SIZE = (int) BlockStore.FROM_BYTES + 100_000;

    @TempDir
    Path temp;

    private TestFolder share;
    private byte[] content;

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, false);
        content = new byte[SIZE];
        new Random(7).nextBytes(content);
        Files.write(share.root.resolve("big.bin"), content);
        share.changed("/big.bin");
    }

    @AfterEach
    void close() {
        share.close();
    }

    /** @return the SHA-256 of each block of the bytes, as the answer carries them */
    private static byte[] expectedBlocks(byte[] bytes) {
        ByteArrayOutputStream hashes = new ByteArrayOutputStream();
        for (int at = 0; at < bytes.length; at += BlockStore.BLOCK_BYTES) {
            hashes.writeBytes(Sha256.digest().digest(Arrays.copyOfRange(bytes, at,
                    Math.min(bytes.length, at + BlockStore.BLOCK_BYTES))));
        }
        return hashes.toByteArray();
    }

    private static byte[] attachment(Response response) {
        ByteBuffer bytes = response.attachment().bytes();
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return copy;
    }

    @Test
    void aLargeFilesBlockHashesComeAsTheAttachmentWithoutReadingItAgain() throws Exception {
        long hashed = share.folder.hasher().filesHashed();

        Response answer = share.call("/get_blocks", "path", "/big.bin");

        assertEquals(200, answer.code());
        assertEquals(SIZE, ((Long) answer.body().get("size")).intValue());
        assertEquals(Sha256.ofBytes(content), answer.body().get("sha256"));
        assertEquals(BlockStore.BLOCK_BYTES, answer.body().get("block"));
        assertEquals(66, answer.body().get("count"), "65 full blocks and a short one");
        assertArrayEquals(expectedBlocks(content), attachment(answer));
        assertEquals(hashed, share.folder.hasher().filesHashed(), "kept from when the file was hashed");
    }

    @Test
    void aFileChangedInPlaceGetsTheBlockHashesOfItsNewContent() throws Exception {
        try (FileChannel file = FileChannel.open(share.root.resolve("big.bin"), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[4096]), 3 * BlockStore.BLOCK_BYTES + 100);
        }
        Arrays.fill(content, 3 * BlockStore.BLOCK_BYTES + 100, 3 * BlockStore.BLOCK_BYTES + 100 + 4096, (byte) 0);

        byte[] blocks = attachment(share.call("/get_blocks", "path", "/big.bin"));

        assertArrayEquals(expectedBlocks(content), blocks, "read now: the index has another version");
        byte[] before = expectedBlocks(Files.readAllBytes(share.root.resolve("big.bin")));
        assertArrayEquals(before, blocks);
    }

    @Test
    void lostBlockHashesAreComputedAgain() throws Exception {
        try (var files = Files.list(share.data.resolve("files/blocks"))) {
            for (Path file : files.toList()) {
                Files.write(file, new byte[] {1, 2, 3});
            }
        }

        assertArrayEquals(expectedBlocks(content), attachment(share.call("/get_blocks", "path", "/big.bin")));
    }

    @Test
    void aSmallFileOrAMissingOneIsRefused() throws Exception {
        share.write("/small.txt", "small");

        HandlerException small = assertThrows(HandlerException.class, () -> share.call("/get_blocks", "path", "/small.txt"));
        HandlerException missing = assertThrows(HandlerException.class, () -> share.call("/get_blocks", "path", "/nope"));

        assertEquals(400, small.code());
        assertEquals("\"/small.txt\" has 5 bytes: block hashes are kept for files of 4194304 bytes or more; fetch it"
                + " whole", small.getMessage());
        assertEquals(404, missing.code());
    }

    @Test
    void theBlockHashesOfContentNoLongerSharedAreRemovedByTheNextWholeScan() throws Exception {
        Files.delete(share.root.resolve("big.bin"));

        share.folder.schedule().rescan("");

        try (var files = Files.list(share.data.resolve("files/blocks"))) {
            assertEquals(0, files.count());
        }
    }
}
