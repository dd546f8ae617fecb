package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.JsonMaps;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommitBatchCallTest {

    @Test
    void eachFailedUploadIsTypedAsASingleCommitsAnswerWouldBe() throws IOException {
        Map<String, IOException> failures = CommitBatchCall.failures(List.of("a", "b", "c", "d", "e"),
                JsonMaps.parseObject("{\"code\":200,\"committed\":[{\"upload\":\"a\",\"path\":\"/a\"}],\"failed\":["
                        + "{\"upload\":\"b\",\"code\":409,\"error\":\"/b changed\"},"
                        + "{\"upload\":\"c\",\"code\":400,\"error\":\"/c does not hash as announced\"},"
                        + "{\"upload\":\"d\",\"code\":404,\"error\":\"no upload d\"}]}"));

        assertEquals(4, failures.size(), failures.toString());
        assertTrue(failures.get("b") instanceof RemoteFileChangedException);
        assertEquals("/b changed", failures.get("b").getMessage());
        assertTrue(failures.get("c") instanceof UploadMismatchException);
        assertTrue(failures.get("d") instanceof RemoteFileMissingException);
        assertTrue(failures.get("e").getMessage().contains("does not name the upload e"), "an upload left out is not committed");
    }

    @Test
    void anAnswerWithoutTheListsIsRefused() {
        assertThrows(IOException.class, () -> CommitBatchCall.failures(List.of("a"), JsonMaps.parseObject("{\"code\":200}")));
    }

    @Test
    void theRequestNamesEveryUpload() {
        assertEquals(Map.of("uploads", List.of("a", "b")), CommitBatchCall.params(List.of("a", "b")));
    }
}
