package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.client.JsonMaps;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerFolderTest {

    private static final String HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static Map<String, Object> json(String line) {
        return JsonMaps.parseObject(line);
    }

    @Test
    void aListingPageBecomesItsEntriesAndTheNextCursor() throws IOException {
        ListingPage page = ServerFolder.page(json("{\"code\":200,\"files\":[{\"path\":\"/a.txt\",\"size\":0,"
                + "\"mtime\":1700000000000,\"sha256\":\"" + HASH + "\"}],\"next\":\"/a.txt\"}"));

        assertEquals(List.of(new FileEntry("/a.txt", 0, 1700000000000L, HASH)), page.entries());
        assertEquals("/a.txt", page.next());
        assertNull(ServerFolder.page(json("{\"code\":200,\"files\":[],\"next\":null}")).next());
    }

    @Test
    void aFileListedAsChangingIsKeptApartByPathNotTakenForAFileWithoutAHash() throws IOException {
        ListingPage page = ServerFolder.page(json("{\"code\":200,\"files\":[{\"path\":\"/a.txt\",\"size\":0,"
                + "\"mtime\":1,\"sha256\":\"" + HASH + "\"},{\"path\":\"/growing.log\",\"size\":4096,\"mtime\":2,"
                + "\"changing\":true}],\"next\":null}"));

        assertEquals(List.of(new FileEntry("/a.txt", 0, 1, HASH)), page.entries());
        assertEquals(List.of("/growing.log"), page.changing());
    }

    @Test
    void aListingThatCannotBeReadIsAnIOExceptionNotAGuess() {
        assertThrows(IOException.class, () -> ServerFolder.page(json("{\"code\":200}")));
        assertThrows(IOException.class, () -> ServerFolder.page(json("{\"code\":200,\"files\":[{\"path\":\"/a\"}],"
                + "\"next\":null}")));
        assertThrows(IOException.class, () -> ServerFolder.page(json("{\"code\":200,\"files\":[{\"path\":\"/a\","
                + "\"size\":-1,\"mtime\":0}],\"next\":null}")));
        assertThrows(IOException.class, () -> ServerFolder.page(json("{\"code\":200,\"files\":[],\"next\":\"/a\"}")),
                "an empty page that is not the last would never end");
        assertThrows(IOException.class, () -> ServerFolder.page(json("{\"code\":200,\"files\":[],\"next\":3}")));
    }

    @Test
    void anUploadResumesOnlyFromBytesReceivedWithoutAGapFromTheStart() {
        assertEquals(0, ServerFolder.leadingBytes(json("{\"received\":[]}")));
        assertEquals(11, ServerFolder.leadingBytes(json("{\"received\":[[0,6],[6,11]]}")));
        assertEquals(6, ServerFolder.leadingBytes(json("{\"received\":[[0,6],[8,11]]}")));
        assertEquals(0, ServerFolder.leadingBytes(json("{\"received\":[[2,6]]}")));
    }
}
