package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.filemodel.IgnoreRules;
import dev.turnstile.testing.FakePluginContext;
import dev.turnstile.testing.ManualExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps the index current besides the watcher's reports: the periodic safety rescan
 * ({@code files-rescan}), a rescan after the watcher lost events or a watch; and what the plugin
 * tells {@code /stats} of it.
 */
class IndexScheduleTest {

    @TempDir
    Path temp;

    private TestFolder share;

    @AfterEach
    void close() {
        if (share != null) {
            share.close();
        }
    }

    private void open(Duration rescan) throws Exception {
        share = new TestFolder(temp, temp.resolve("data"), false, Lanes.on(Runnable::run, Runnable::run, Runnable::run),
                IgnoreRules.none(), FolderSettings.Reports.CALLER, rescan);
        share.folder.start();
    }

    @Test
    void theSafetyRescanFindsWhatNobodyReportedOnceItsTimeComes() throws Exception {
        open(Duration.ofHours(1));
        Files.writeString(share.root.resolve("unreported.txt"), "written through mmap, say");

        share.timer.advance(Duration.ofMinutes(59));
        assertNull(share.folder.index().entry("/unreported.txt"));
        share.timer.advance(Duration.ofMinutes(1));

        assertNotNull(share.folder.index().entry("/unreported.txt"));
        share.timer.advance(Duration.ofHours(1));
        Files.delete(share.root.resolve("unreported.txt"));
        share.timer.advance(Duration.ofHours(1));
        assertTrue(share.folder.index().entry("/unreported.txt").deleted(), "and again every hour");
    }

    @Test
    void noRescanWhenItIsTurnedOff() throws Exception {
        open(Duration.ZERO);
        Files.writeString(share.root.resolve("unreported.txt"), "x");

        share.timer.advance(Duration.ofDays(2));

        assertNull(share.folder.index().entry("/unreported.txt"));
    }

    @Test
    void eventsLostByTheWatcherMakeTheWholeFolderBeScannedAgain() throws Exception {
        open(Duration.ZERO);
        Files.createDirectories(share.root.resolve("docs"));
        Files.writeString(share.root.resolve("docs/lost.txt"), "x");

        share.folder.schedule().overflow();

        assertNotNull(share.folder.index().entry("/docs/lost.txt"));
    }

    @Test
    void aLostWatchMakesItsFolderBeScannedAgain() throws Exception {
        open(Duration.ZERO);
        share.write("/docs/a.txt", "a");
        Files.delete(share.root.resolve("docs/a.txt"));
        Files.writeString(share.root.resolve("docs/b.txt"), "b");

        share.folder.schedule().lost("/docs");

        assertTrue(share.folder.index().entry("/docs/a.txt").deleted());
        assertNotNull(share.folder.index().entry("/docs/b.txt"));
    }

    @Test
    void thePluginTellsStatsWhatItShares() throws Exception {
        Files.createDirectories(temp.resolve("home/share"));
        TestFolder.setMtime(Files.writeString(temp.resolve("home/share/a.txt"), "aaa"),
                System.currentTimeMillis() - 60_000); // quiet: the scan at start-up numbers it
        ManualExecutor background = new ManualExecutor();
        FilesPlugin plugin = new FilesPlugin(background);
        plugin.start(FakePluginContext.in(temp.resolve("home/data")).withHome(temp.resolve("home")).declaredBy(plugin));
        try {
            assertEquals(false, plugin.stats().get("ready"), "the scan at start-up is held");
            background.runAll();

            Map<String, ?> stats = plugin.stats();
            assertEquals(1L, stats.get("files"));
            assertEquals(3L, stats.get("bytes"));
            assertEquals(1L, stats.get("seq"));
            assertEquals(true, stats.get("ready"));
            assertEquals(0, stats.get("uploads_in_progress"));
            assertTrue(((String) stats.get("index")).matches("[0-9a-f]{24}"), String.valueOf(stats.get("index")));
            assertTrue(((String) stats.get("last_change")).endsWith("Z"), String.valueOf(stats.get("last_change")));
        } finally {
            plugin.stop();
        }
    }
}
