package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answers of SPEC §8's /get_file_data, as maps the way TurnstileClient hands them over. */
class FileDataCallTest {

    private static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static Map<String, Object> answer(String path, long offset, byte[] data, long size) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("code", 200L);
        answer.put("path", path);
        answer.put("offset", offset);
        answer.put("data", Base64.getEncoder().encodeToString(data));
        answer.put("size", size);
        answer.put("mtime", 1_700_000_000_123L);
        answer.put("sha256", SHA);
        answer.put("eof", offset + data.length == size);
        return answer;
    }

    @Test
    void theRequestNamesPathOffsetAndLength() {
        assertEquals(Map.of("path", "/a.txt", "offset", 4096L, "length", 1024), FileDataCall.params("/a.txt", 4096, 1024));
    }

    @Test
    void aGoodAnswerBecomesAChunkWithTheFileAsTheServerSawIt() throws IOException {
        Chunk chunk = FileDataCall.chunk("/a.txt", 2, 3, answer("/a.txt", 2, new byte[] {1, 2, 3}, 10));

        assertArrayEquals(new byte[] {1, 2, 3}, chunk.data());
        assertEquals(new FileEntry("/a.txt", 10, 1_700_000_000_123L, SHA), chunk.file());
    }

    @Test
    void theLastChunkMayBeShorterThanAskedAndAnOffsetAtTheEndIsEmpty() throws IOException {
        assertEquals(2, FileDataCall.chunk("/a", 8, 1024, answer("/a", 8, new byte[2], 10)).data().length);
        assertEquals(0, FileDataCall.chunk("/a", 10, 1024, answer("/a", 10, new byte[0], 10)).data().length);
    }

    @Test
    void anAnswerThatDoesNotFitTheRequestIsRefused() {
        assertThrows(IOException.class, () -> FileDataCall.chunk("/a", 0, 4, answer("/b", 0, new byte[4], 10)));
        assertThrows(IOException.class, () -> FileDataCall.chunk("/a", 0, 4, answer("/a", 4, new byte[4], 10)));
        assertThrows(IOException.class, () -> FileDataCall.chunk("/a", 0, 4, answer("/a", 0, new byte[3], 10)));
        Map<String, Object> notBase64 = answer("/a", 0, new byte[4], 10);
        notBase64.put("data", "!!!!");
        assertThrows(IOException.class, () -> FileDataCall.chunk("/a", 0, 4, notBase64));
        Map<String, Object> badSha = answer("/a", 0, new byte[4], 10);
        badSha.put("sha256", "XYZ");
        assertThrows(IOException.class, () -> FileDataCall.chunk("/a", 0, 4, badSha));
        Map<String, Object> noSize = answer("/a", 0, new byte[4], 10);
        noSize.remove("size");
        assertThrows(IOException.class, () -> FileDataCall.chunk("/a", 0, 4, noSize));
    }

    @Test
    void rawIsAskedForByName() {
        assertEquals(Map.of("path", "/a", "offset", 0L, "length", 8, "encoding", "raw"), FileDataCall.params("/a", 0, 8, true));
    }

    /** What a reader handed to its target: the file, the length announced, the bytes. */
    private static final class Target implements RemoteFolder.ChunkTarget {
        FileEntry file;
        long length = -1;
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        @Override
        public dev.turnstile.client.AttachmentSink open(FileEntry opened, long count) {
            file = opened;
            length = count;
            return piece -> {
                byte[] copy = new byte[piece.remaining()];
                piece.get(copy);
                bytes.writeBytes(copy);
            };
        }
    }

    @Test
    void aRawAnswerIsCheckedAndItsAttachmentGoesToTheTargetAsItArrives() throws IOException {
        Target target = new Target();
        Boolean[] raw = {null};
        dev.turnstile.client.AnswerReader<FileEntry> reader = FileDataCall.reader("/a", 4, 8, target, seen -> raw[0] = seen);
        Map<String, Object> answer = answer("/a", 4, new byte[0], 10);
        answer.remove("data");
        answer.put("attachment", 6L);

        FileEntry file = reader.read(answer);
        reader.attachment(file, 6).accept(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6}));

        assertEquals(new FileEntry("/a", 10, 1_700_000_000_123L, SHA), file);
        assertEquals(true, raw[0]);
        assertEquals(6, target.length);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, target.bytes.toByteArray());
    }

    @Test
    void aBase64AnswerFromAServerWithoutRawChunksIsDecodedAndHandedOverWhole() throws IOException {
        Target target = new Target();
        Boolean[] raw = {null};

        FileEntry file = FileDataCall.reader("/a", 0, 8, target, seen -> raw[0] = seen)
                .read(answer("/a", 0, new byte[] {7, 8, 9}, 3));

        assertEquals(false, raw[0]);
        assertEquals(3, file.size());
        assertArrayEquals(new byte[] {7, 8, 9}, target.bytes.toByteArray());
    }

    @Test
    void aRawAnswerOfAnotherLengthOrWithDataTooIsRefusedBeforeAnyByteIsPlaced() {
        Target target = new Target();
        Map<String, Object> wrongLength = answer("/a", 0, new byte[0], 10);
        wrongLength.remove("data");
        wrongLength.put("attachment", 9L);
        Map<String, Object> both = answer("/a", 0, new byte[2], 10);
        both.put("attachment", 8L);

        assertThrows(IOException.class, () -> FileDataCall.reader("/a", 0, 8, target, seen -> { }).read(wrongLength));
        assertThrows(IOException.class, () -> FileDataCall.reader("/a", 0, 8, target, seen -> { }).read(both));
        assertEquals(-1, target.length);
    }
}
