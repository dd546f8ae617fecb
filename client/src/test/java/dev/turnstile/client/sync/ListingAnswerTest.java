package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.turnstile.client.JsonMaps;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListingAnswerTest {

    private static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void aFilesModeFoldersAndSkippedNamesAreRead() throws IOException {
        ListingPage page = ListingAnswer.page(JsonMaps.parseObject("{\"code\":200,\"files\":["
                + "{\"path\":\"/a.txt\",\"size\":0,\"mtime\":1,\"sha256\":\"" + SHA + "\",\"mode\":493},"
                + "{\"path\":\"/empty\",\"folder\":true,\"mode\":493}],\"next\":null,"
                + "\"skipped\":[{\"path\":\"/back\\\\slash\",\"reason\":\"holds a backslash\"}]}"));

        assertEquals(List.of(new FileEntry("/a.txt", 0, 1, SHA, 0755)), page.entries());
        assertEquals(List.of("/empty"), page.folders());
        assertEquals(Map.of("/back\\slash", "holds a backslash"), page.skipped());
    }

    @Test
    void aPageWithoutModeOrSkippedSaysItDoesNotKnow() throws IOException {
        ListingPage page = ListingAnswer.page(JsonMaps.parseObject("{\"code\":200,\"files\":["
                + "{\"path\":\"/a.txt\",\"size\":0,\"mtime\":1,\"sha256\":\"" + SHA + "\"}],\"next\":null}"));

        assertEquals(FileEntry.NO_MODE, page.entries().get(0).mode());
        assertNull(page.skipped(), "a server that does not say is not taken for one without skipped names");
        assertEquals(List.of(), page.folders());
    }

    @Test
    void aModeOutsideThePermissionBitsIsTakenForUnknown() throws IOException {
        ListingPage page = ListingAnswer.page(JsonMaps.parseObject("{\"code\":200,\"files\":["
                + "{\"path\":\"/a.txt\",\"size\":0,\"mtime\":1,\"sha256\":\"" + SHA + "\",\"mode\":33188}],\"next\":null}"));

        assertEquals(FileEntry.NO_MODE, page.entries().get(0).mode());
    }
}
