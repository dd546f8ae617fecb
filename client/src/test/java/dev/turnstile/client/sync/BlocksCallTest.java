package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.AnswerReader;
import dev.turnstile.client.AttachmentSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answers of {@code /get_blocks}, as maps the way TurnstileClient hands them over, and their attachment. */
class BlocksCallTest {

    private static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final long BLOCK = 65536;

    private static Map<String, Object> answer(long size, long attachment) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("code", 200L);
        answer.put("path", "/vm.img");
        answer.put("size", size);
        answer.put("mtime", 1_700_000_000_123L);
        answer.put("sha256", SHA);
        answer.put("block", BLOCK);
        answer.put("count", (size + BLOCK - 1) / BLOCK);
        answer.put("attachment", attachment);
        return answer;
    }

    @Test
    void aGoodAnswerAndItsAttachmentInPiecesBecomeTheFilesBlockList() throws IOException {
        long size = 4 * BLOCK + 5;
        byte[] hashes = new byte[5 * 32];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = (byte) i;
        }
        AnswerReader<BlocksCall.Received> reader = BlocksCall.reader("/vm.img");
        BlocksCall.Received received = reader.read(answer(size, hashes.length));
        AttachmentSink sink = reader.attachment(received, hashes.length);
        sink.accept(ByteBuffer.wrap(hashes, 0, 100));
        sink.accept(ByteBuffer.wrap(hashes, 100, 60));

        BlockList list = received.list();

        assertEquals(new FileEntry("/vm.img", size, 1_700_000_000_123L, SHA), list.file());
        assertEquals(5, list.count());
        assertEquals(5, list.length(4));
        assertEquals(4 * BLOCK, list.offset(4));
        assertArrayEquals(java.util.Arrays.copyOfRange(hashes, 64, 96), list.hash(2));
        assertTrue(list.matches(2, hashes, 64));
    }

    @Test
    void anAnswerWhoseHashesDoNotCoverTheFileIsRefused() {
        IOException wrong = assertThrows(IOException.class,
                () -> BlocksCall.reader("/vm.img").read(answer(4 * BLOCK, 3 * 32)));
        assertEquals("the answer to /get_blocks for /vm.img holds 96 bytes of block hashes for 4 blocks",
                wrong.getMessage());
    }

    @Test
    void anAnswerForAnotherPathOrWithoutItsMembersIsRefused() {
        Map<String, Object> other = answer(BLOCK, 32);
        other.put("path", "/other");
        assertThrows(IOException.class, () -> BlocksCall.reader("/vm.img").read(other));
        Map<String, Object> lacking = answer(BLOCK, 32);
        lacking.remove("block");
        assertThrows(IOException.class, () -> BlocksCall.reader("/vm.img").read(lacking));
    }

    @Test
    void anAttachmentThatEndsShortOrRunsLongIsRefused() throws IOException {
        AnswerReader<BlocksCall.Received> reader = BlocksCall.reader("/vm.img");
        BlocksCall.Received received = reader.read(answer(2 * BLOCK, 64));
        AttachmentSink sink = reader.attachment(received, 64);
        sink.accept(ByteBuffer.allocate(40));

        assertThrows(IOException.class, received::list);
        assertThrows(IOException.class, () -> sink.accept(ByteBuffer.allocate(40)));
    }

    @Test
    void aListLargerThanAClientHoldsIsRefusedSoTheFileIsCopiedWhole() {
        long size = (BlocksCall.MAX_HASH_BYTES / 32 + 1) * BLOCK;
        assertThrows(IOException.class, () -> BlocksCall.reader("/vm.img").read(answer(size, (size / BLOCK) * 32)));
    }
}
