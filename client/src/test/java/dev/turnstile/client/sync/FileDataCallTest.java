package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    /** A raw answer's members: the chunk of {@code count} bytes at {@code offset} of a file of {@code size}. */
    private static Map<String, Object> rawAnswer(long offset, long attachment, long size) {
        Map<String, Object> answer = answer("/a", offset, new byte[0], size);
        answer.remove("data");
        answer.put("attachment", attachment);
        return answer;
    }

    private static byte[] deflated(byte[] data) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(1, true);
        deflater.setInput(data);
        deflater.finish();
        byte[] out = new byte[data.length + 64];
        int size = deflater.deflate(out);
        deflater.end();
        return java.util.Arrays.copyOf(out, size);
    }

    @Test
    void aCompressedRawChunkIsAskedForOnlyWithRaw() {
        assertEquals("deflate", FileDataCall.params("/a", 0, 8, true, true).get("compress"));
        assertEquals(null, FileDataCall.params("/a", 0, 8, false, true).get("compress"));
        assertEquals(null, FileDataCall.params("/a", 0, 8, true, false).get("compress"));
    }

    @Test
    void aCompressedAnswerIsInflatedIntoTheTargetAsItsPiecesArrive() throws IOException {
        byte[] content = "abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc".getBytes(StandardCharsets.US_ASCII);
        byte[] compressed = deflated(content);
        Target target = new Target();
        Boolean[] raw = {null};
        dev.turnstile.client.AnswerReader<FileEntry> reader = FileDataCall.reader("/a", 0, 64, target,
                seen -> raw[0] = seen);
        Map<String, Object> answer = rawAnswer(0, compressed.length, content.length);
        answer.put("compressed", "deflate");
        answer.put("length", (long) content.length);

        FileEntry file = reader.read(answer);
        dev.turnstile.client.AttachmentSink sink = reader.attachment(file, compressed.length);
        for (int from = 0; from < compressed.length; from += 5) {
            sink.accept(java.nio.ByteBuffer.wrap(compressed, from, Math.min(5, compressed.length - from)).slice());
        }

        assertEquals(true, raw[0]);
        assertEquals(content.length, target.length, "the target is told the inflated length");
        assertArrayEquals(content, target.bytes.toByteArray());
    }

    @Test
    void anAnswerWithoutTheMarkIsRawAsAnOlderServerSendsIt() throws IOException {
        Target target = new Target();
        dev.turnstile.client.AnswerReader<FileEntry> reader = FileDataCall.reader("/a", 0, 8, target, seen -> { });

        FileEntry file = reader.read(rawAnswer(0, 3, 3));
        reader.attachment(file, 3).accept(java.nio.ByteBuffer.wrap(new byte[] {4, 5, 6}));

        assertArrayEquals(new byte[] {4, 5, 6}, target.bytes.toByteArray());
    }

    @Test
    void aCompressedAnswerInAnotherCodecOrForAnotherLengthOrThatDoesNotInflateIsAnIOException() throws IOException {
        Target target = new Target();
        Map<String, Object> zstd = rawAnswer(0, 5, 10);
        zstd.put("compressed", "zstd");
        zstd.put("length", 10L);
        Map<String, Object> shorter = rawAnswer(0, 5, 10);
        shorter.put("compressed", "deflate");
        shorter.put("length", 9L);
        assertThrows(IOException.class, () -> FileDataCall.reader("/a", 0, 10, target, seen -> { }).read(zstd));
        assertThrows(IOException.class, () -> FileDataCall.reader("/a", 0, 10, target, seen -> { }).read(shorter));
        assertEquals(-1, target.length);

        byte[] fewer = deflated(new byte[9]);
        Map<String, Object> answer = rawAnswer(0, fewer.length, 10);
        answer.put("compressed", "deflate");
        answer.put("length", 10L);
        dev.turnstile.client.AnswerReader<FileEntry> reader = FileDataCall.reader("/a", 0, 10, target, seen -> { });
        FileEntry file = reader.read(answer);
        IOException refused = assertThrows(IOException.class,
                () -> reader.attachment(file, fewer.length).accept(java.nio.ByteBuffer.wrap(fewer)));
        assertEquals("the answer to /get_file_data for /a at 0: the compressed chunk inflates to 9 bytes, not the 10"
                + " it should", refused.getMessage());
    }
}
