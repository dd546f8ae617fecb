package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.spi.Response;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetHashesHandlerTest {

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
    void anEmptyFolderGivesAnEmptyListAndTheRootFolderName() throws Exception {
        Response response = share.call("/get_hashes");

        assertEquals(Response.ok(Map.of("hashes", List.of(), "root_folder", "share")), response);
    }

    @Test
    void everyFileIsOneSingleMemberObjectWithThePathHashAndTheContentHashSortedByPath() throws Exception {
        share.write("/b.txt", "bee");
        share.write("/a/z.txt", "zed");
        share.write("/a.txt", "ay");
        share.write("/\ud83d\ude00", "smile");
        share.write("/\uff5e", "tilde");

        Map<String, ?> body = share.ok("/get_hashes");

        assertEquals(List.of(
                Map.of("/a.txt", List.of(TestFolder.sha256("/a.txt"), TestFolder.sha256("ay"))),
                Map.of("/a/z.txt", List.of(TestFolder.sha256("/a/z.txt"), TestFolder.sha256("zed"))),
                Map.of("/b.txt", List.of(TestFolder.sha256("/b.txt"), TestFolder.sha256("bee"))),
                Map.of("/\uff5e", List.of(TestFolder.sha256("/\uff5e"), TestFolder.sha256("tilde"))),
                Map.of("/\ud83d\ude00", List.of(TestFolder.sha256("/\ud83d\ude00"), TestFolder.sha256("smile")))),
                body.get("hashes"));
        assertEquals(List.of("hashes", "root_folder"), List.copyOf(body.keySet()));
    }

    @Test
    void hashesAreLowercaseHexSha256OfThePathTextAndOfTheContent() throws Exception {
        share.write("/a.txt", "");

        Map<String, ?> body = share.ok("/get_hashes");

        // Computed with sha256sum: printf '/a.txt' | sha256sum, and of an empty file.
        assertEquals(List.of(Map.of("/a.txt", List.of("54fae40d857b06f54c7c320992e02adf1e21ba8243de5e7511abf115c248d07d",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))), body.get("hashes"));
    }
}
