package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.filemodel.IgnoreRules;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncFilterTest {

    private static String at(SyncFilter filter, String path, boolean folder) {
        return filter.with(IgnoreRules.none(), IgnoreRules.none()).excludedAt(path, folder);
    }

    @Test
    void theFirstCommandLinePatternThatMatchesDecidesAsRsyncDoes() {
        SyncFilter filter = SyncFilter.none().include("keep.tmp").exclude("*.tmp");

        assertEquals(null, at(filter, "/a/keep.tmp", false));
        assertEquals("/a/other.tmp", at(filter, "/a/other.tmp", false));
        assertEquals(null, at(filter, "/a/b.txt", false));
        SyncFilter reversed = SyncFilter.none().exclude("*.tmp").include("keep.tmp");
        assertEquals("/a/keep.tmp", at(reversed, "/a/keep.tmp", false), "the earlier exclude wins");
    }

    @Test
    void anExcludedFolderExcludesEverythingInItAndIsNamedAsTheReason() {
        SyncFilter filter = SyncFilter.none().include("*.c").exclude("/build/");

        assertEquals("/build", at(filter, "/build/x/y.c", false), "an include cannot reach into an excluded folder");
        assertEquals("/build", at(filter, "/build", true));
        assertEquals(null, at(filter, "/build", false), "a folders-only pattern leaves a file of that name");
        assertEquals(null, at(filter, "/src/build/y.o", false), "anchored at the root");
    }

    @Test
    void aPatternWithoutASlashMatchesANameAtAnyDepthAndDoubleStarSpansFolders() {
        SyncFilter filter = SyncFilter.none().exclude("node_modules").exclude("docs/**/*.pdf");

        assertEquals("/a/b/node_modules", at(filter, "/a/b/node_modules/x.js", false));
        assertEquals("/docs/x/y/z.pdf", at(filter, "/docs/x/y/z.pdf", false));
        assertEquals(null, at(filter, "/other/docs/z.pdf", false));
    }

    @Test
    void eitherSidesIgnoreFileExcludesAndTheCommandLineComesFirst() {
        IgnoreRules local = IgnoreRules.of(List.of("*.log", "!keep.log"));
        IgnoreRules server = IgnoreRules.of(List.of("/cache/"));
        SyncFilter.Matcher none = SyncFilter.none().with(local, server);

        assertEquals("/x.log", none.excludedAt("/x.log", false));
        assertEquals(null, none.excludedAt("/keep.log", false));
        assertEquals("/cache", none.excludedAt("/cache/a.bin", false));
        assertEquals(null, none.excludedAt("/x.txt", false));
        SyncFilter.Matcher included = SyncFilter.none().include("/cache/").with(local, server);
        assertEquals(null, included.excludedAt("/cache", true), "--include brings back what a file excludes");
    }

    @Test
    void theIgnoreFileItselfNeverTravels() {
        assertEquals(SyncFilter.IGNORE_PATH, at(SyncFilter.none(), "/.turnstileignore", false));
        assertEquals(null, at(SyncFilter.none(), "/sub/.turnstileignore", false), "only the root's is the folder's own");
        assertTrue(SyncFilter.none().isEmpty());
    }

    @Test
    void aPatternThatIsEmptyACommentOrNegatedIsRefusedWithWhatToDo() {
        IllegalArgumentException negated = assertThrows(IllegalArgumentException.class,
                () -> SyncFilter.none().exclude("!keep"));
        assertEquals("--exclude !keep: a pattern cannot start with \"!\" here; use --include keep (or \\! for a name"
                + " that starts with !)", negated.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SyncFilter.none().include(""));
        assertThrows(IllegalArgumentException.class, () -> SyncFilter.none().exclude("# comment"));
    }
}
