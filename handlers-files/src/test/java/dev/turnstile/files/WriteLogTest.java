package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Every change a client makes to the shared folder is one INFO line: what, the path, size, hash and who. */
class WriteLogTest {

    @TempDir
    Path temp;

    private final Logger logger = (Logger) LoggerFactory.getLogger(WriteLog.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private TestFolder share;

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, true);
        share.session.withAddress(new InetSocketAddress("192.0.2.7", 41234));
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void close() {
        logger.detachAppender(events);
        share.close();
    }

    @Test
    void aCreationAReplacementAndADeleteAreLoggedWithTheClientsAddress() throws Exception {
        upload("/docs/newline.txt", "hello world");
        upload("/docs/newline.txt", "hello there");
        share.ok("/delete_file", "path", "/docs/newline.txt", "sha256", TestFolder.sha256("hello there"));

        assertEquals(List.of(
                "created \"/docs/newline.txt\": 11 bytes, sha256 b94d27b9934d, by 192.0.2.7:41234",
                "replaced \"/docs/newline.txt\": 11 bytes, sha256 " + TestFolder.sha256("hello there").substring(0, 12)
                        + ", by 192.0.2.7:41234",
                "deleted \"/docs/newline.txt\": 11 bytes, sha256 " + TestFolder.sha256("hello there").substring(0, 12)
                        + ", by 192.0.2.7:41234"),
                events.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        assertEquals(List.of(Level.INFO, Level.INFO, Level.INFO), events.list.stream().map(ILoggingEvent::getLevel).toList());
    }

    private void upload(String path, String content) throws Exception {
        String id = (String) share.ok("/upload_begin", "path", path, "size", (long) TestFolder.utf8(content).length,
                "sha256", TestFolder.sha256(content)).get("upload");
        share.ok("/upload_chunk", "upload", id, "offset", 0L, "data",
                java.util.Base64.getEncoder().encodeToString(TestFolder.utf8(content)));
        share.ok("/upload_commit", "upload", id);
    }
}
