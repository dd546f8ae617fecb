package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerContext;
import dev.turnstile.spi.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin as the server sees it: its service listing, its settings, its start and stop. */
class PluginStartTest {

    @TempDir
    Path temp;

    private HandlerContext context(Map<String, String> settings) {
        Path home = temp.resolve("home");
        return new HandlerContext() {
            @Override
            public Path dataDir() {
                return home.resolve("data");
            }

            @Override
            public Path home() {
                return home;
            }

            @Override
            public Optional<String> setting(String key) {
                return Optional.ofNullable(settings.get(key));
            }
        };
    }

    @Test
    void everyHandlerIsListedAsAServiceAndNeedsTheToken() {
        List<String> urls = ServiceLoader.load(Handler.class).stream().map(p -> p.get())
                .filter(h -> h instanceof FolderHandler).peek(h -> assertTrue(h.needsToken(), h.url()))
                .map(Handler::url).sorted().toList();

        assertEquals(List.of("/delete_file", "/get_file_data", "/get_hashes", "/list_files", "/upload_abort",
                "/upload_begin", "/upload_chunk", "/upload_commit", "/upload_status"), urls);
    }

    @Test
    void everyHandlerDeclaresTheTwoSettingsAndNoSecret() {
        List<Setting> settings = new GetHashesHandler().settings();

        assertEquals(List.of("files-root", "files-writable"), settings.stream().map(Setting::key).toList());
        assertEquals(List.of("share", "false"), settings.stream().map(Setting::defaultValue).toList());
        assertTrue(settings.stream().noneMatch(Setting::secret));
        assertTrue(new GetHashesHandler().secretMembers().isEmpty());
    }

    @Test
    void handlersStartedSeparatelyShareOneFolderCreatedUnderHome() throws Exception {
        GetHashesHandler hashes = new GetHashesHandler();
        UploadBeginHandler begin = new UploadBeginHandler();
        HandlerContext context = context(Map.of());

        hashes.start(context);
        begin.start(context);
        try {
            assertTrue(Files.isDirectory(temp.resolve("home/share")));
            assertTrue(Files.isDirectory(temp.resolve("home/data/files/staging")));
        } finally {
            hashes.stop();
            begin.stop();
        }
        // Both stopped: the folder is closed, so a new start opens it again.
        hashes.start(context);
        hashes.stop();
    }

    @Test
    void anAbsoluteFilesRootIsUsedAsItIs() throws Exception {
        Path elsewhere = temp.resolve("elsewhere");
        FolderSettings settings = FolderSettings.from(context(Map.of("files-root", elsewhere.toString(),
                "files-writable", "true")));

        assertEquals(elsewhere, settings.root());
        assertTrue(settings.writable());
    }

    @Test
    void filesWritableThatIsNeitherTrueNorFalseStopsStartWithOneLine() {
        GetHashesHandler handler = new GetHashesHandler();

        Exception error = assertThrows(IllegalArgumentException.class,
                () -> handler.start(context(Map.of("files-writable", "yes"))));

        assertEquals("files-writable must be true or false, not \"yes\"", error.getMessage());
    }

    @Test
    void aRootThatHoldsTheDataFolderStopsStart() {
        GetHashesHandler handler = new GetHashesHandler();

        Exception error = assertThrows(IllegalArgumentException.class,
                () -> handler.start(context(Map.of("files-root", "."))));

        assertTrue(error.getMessage().startsWith("files-root " + temp.resolve("home") + " holds the plugin's data folder"),
                error.getMessage());
    }
}
