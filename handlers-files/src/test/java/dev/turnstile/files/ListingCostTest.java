package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.filemodel.IgnoreRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listing page costs what it lists, not what the folder holds (issue 22, item 6): it comes from the
 * index's path order, so a page of a flat folder of many files looks at its own entries at most, and
 * at none while the watcher reports changes. Counted in file-system calls (looks and opens), not time.
 */
class ListingCostTest {

    private static final int FILES = 3000;
    private static final int PAGE = 100;

    @TempDir
    Path temp;

    private TestFolder share;

    @AfterEach
    void close() {
        share.close();
    }

    private void open(FolderSettings.Reports reports) throws Exception {
        Path flat = Files.createDirectories(temp.resolve("share/flat"));
        for (int i = 0; i < FILES; i++) {
            Files.writeString(flat.resolve(String.format("f%05d", i)), "file " + i);
        }
        share = new TestFolder(temp, temp.resolve("data"), false, Lanes.on(Runnable::run, Runnable::run, Runnable::run),
                IgnoreRules.none(), reports);
        share.folder.start();
    }

    private long callsForAPageInTheMiddle() throws Exception {
        long before = ConfinedRoot.calls();
        Map<String, ?> page = share.ok("/list_files", "after", "/flat/f01500", "limit", (long) PAGE);
        long spent = ConfinedRoot.calls() - before;
        List<?> files = (List<?>) page.get("files");
        assertEquals(PAGE, files.size());
        assertEquals("/flat/f01501", ((Map<?, ?>) files.get(0)).get("path"));
        assertEquals("/flat/f01600", page.get("next"));
        return spent;
    }

    @Test
    void withoutAWatcherAPageLooksAtItsOwnEntriesOnly() throws Exception {
        open(FolderSettings.Reports.NONE);

        long spent = callsForAPageInTheMiddle();

        // One look each, through the folder's handle: open the root, look at and open "flat", look at the file.
        assertTrue(spent <= 4L * PAGE, spent + " calls for a page of " + PAGE);
        assertTrue(spent < FILES, "not a walk of the folder");
    }

    @Test
    void whileChangesAreReportedAPageLooksAtNothing() throws Exception {
        open(FolderSettings.Reports.CALLER);

        assertEquals(0, callsForAPageInTheMiddle());
    }
}
