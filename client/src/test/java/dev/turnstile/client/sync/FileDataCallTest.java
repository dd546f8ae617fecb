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
}
