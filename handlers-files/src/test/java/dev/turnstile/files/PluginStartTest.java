package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.Setting;
import dev.turnstile.testing.FakePluginContext;
import dev.turnstile.testing.ManualExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin as the server sees it: its service listing, its settings, its start and stop. */
class PluginStartTest {

    @TempDir
    Path temp;

    private final ManualExecutor background = new ManualExecutor();
    private final FilesPlugin plugin = new FilesPlugin(background);

    private FakePluginContext context() {
        Path home = temp.resolve("home");
        return FakePluginContext.in(home.resolve("data")).withHome(home).declaredBy(plugin);
    }

    @Test
    void theServerFindsThePluginWhoseFourteenHandlersAllNeedTheToken() throws Exception {
        List<Plugin> found = ServiceLoader.load(Plugin.class).stream().filter(p -> p.type() == FilesPlugin.class)
                .map(ServiceLoader.Provider::get).toList();
        assertEquals(1, found.size());

        List<Handler> handlers = plugin.start(context());
        plugin.stop();

        assertTrue(handlers.stream().allMatch(Handler::needsToken));
        assertEquals(List.of("/changes", "/delete_file", "/get_blocks", "/get_file_data", "/get_hashes", "/list_files",
                "/make_folder", "/remove_folder", "/set_attributes", "/upload_abort", "/upload_begin", "/upload_chunk", "/upload_commit", "/upload_status"),
                handlers.stream().map(Handler::url).sorted().toList());
    }

    @Test
    void thePluginDeclaresItsFiveSettingsTypedAndNoSecret() {
        List<Setting<?>> settings = plugin.settings();

        assertEquals(List.of("files-root", "files-writable", "files-exclude", "files-quiet", "files-rescan"),
                settings.stream().map(Setting::key).toList());
        assertEquals(List.of("share", "false", "", "100ms", "1h"), settings.stream().map(Setting::defaultText).toList());
        assertEquals(List.of(Setting.Kind.PATH, Setting.Kind.BOOLEAN, Setting.Kind.TEXT, Setting.Kind.DURATION,
                Setting.Kind.DURATION), settings.stream().map(Setting::kind).toList());
    }

    @Test
    void aQuietPeriodOrARescanIntervalOutOfBoundsIsRefusedAsTheServerWould() {
        IllegalArgumentException quiet = assertThrows(IllegalArgumentException.class,
                () -> context().withSetting("files-quiet", "2m"));
        IllegalArgumentException rescan = assertThrows(IllegalArgumentException.class,
                () -> context().withSetting("files-rescan", "2d"));

        assertTrue(quiet.getMessage().contains("files-quiet"), quiet.getMessage());
        assertTrue(rescan.getMessage().contains("files-rescan"), rescan.getMessage());
    }

    @Test
    void theExclusionsAreCommaSeparatedGitignorePatterns() {
        FolderSettings settings = FolderSettings.from(context().withSetting("files-exclude", "*.tmp, build/ ,a\\,b.txt"));

        assertTrue(settings.excluded().excludes("/x/y.tmp", false));
        assertTrue(settings.excluded().excludes("/build/out.bin", false));
        assertTrue(settings.excluded().excludes("/a,b.txt", false), "a comma escaped with a backslash");
        assertFalse(settings.excluded().excludes("/a", false));
    }

    @Test
    void startOpensTheOneFolderUnderHomeQueuesItsIndexingAndStopClosesIt() throws Exception {
        plugin.start(context());
        try {
            assertTrue(Files.isDirectory(temp.resolve("home/share")));
            assertTrue(Files.isDirectory(temp.resolve("home/data/files/staging")));
            assertEquals(1, background.pending(), "the start-up walk waits for the background executor");
        } finally {
            plugin.stop();
        }
        // Stopped: the folder is closed, so a new start opens it again.
        plugin.start(context());
        plugin.stop();
    }

    @Test
    void anAbsoluteFilesRootIsUsedAsItIs() {
        Path elsewhere = temp.resolve("elsewhere");
        FolderSettings settings = FolderSettings.from(context().withSetting("files-root", elsewhere.toString())
                .withSetting("files-writable", "TRUE"));

        assertEquals(elsewhere, settings.root());
        assertTrue(settings.writable());
    }

    @Test
    void theSuggestedRawChunkIsEightMebibytesOrTheServersAttachmentLimitWhenSmaller() {
        assertEquals(8 * 1024 * 1024, FolderSettings.from(context()).rawChunk());
        assertEquals(1000, FolderSettings.from(context().withMaxAttachmentBytes(1000)).rawChunk());
    }

    @Test
    void filesWritableThatIsNeitherTrueNorFalseIsRefusedByTheServersFormat() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> context().withSetting("files-writable", "yes"));

        assertEquals("invalid --files-writable 'yes': expected true or false", error.getMessage());
    }

    @Test
    void aRootThatHoldsTheDataFolderStopsStart() {
        Exception error = assertThrows(IllegalArgumentException.class,
                () -> plugin.start(context().withSetting("files-root", ".")));

        assertEquals("files-root " + temp.resolve("home") + " and the data folder " + temp.resolve("home/data")
                + " overlap (one lies in the other); share a folder outside the data folder, and keep the data folder"
                + " out of the shared one", error.getMessage());
    }

    @Test
    void aRootInsideTheDataFolderStopsStartEvenBesideThePluginsOwnFolder() {
        Path connection = temp.resolve("home/data/connection");

        Exception error = assertThrows(IllegalArgumentException.class,
                () -> plugin.start(context().withSetting("files-root", connection.toString())));

        assertEquals("files-root " + connection + " and the data folder " + temp.resolve("home/data") + " overlap (one"
                + " lies in the other); share a folder outside the data folder, and keep the data folder out of the"
                + " shared one", error.getMessage());
    }

    @Test
    void aDataFolderReachedThroughALinkIntoTheShareStopsStart() throws Exception {
        Path share = Files.createDirectories(temp.resolve("home/share"));
        Path state = Files.createDirectories(share.resolve("state"));
        Path link = Files.createSymbolicLink(temp.resolve("data-link"), state);
        FakePluginContext context = FakePluginContext.in(link).withHome(temp.resolve("home")).declaredBy(plugin);

        Exception error = assertThrows(IllegalArgumentException.class, () -> plugin.start(context));

        assertEquals("files-root " + share + " and the data folder " + link + " overlap (one lies in the other, links"
                + " resolved: " + share.toRealPath() + " and " + state.toRealPath() + "); share a folder outside the data"
                + " folder, and keep the data folder out of the shared one", error.getMessage());
    }
}
