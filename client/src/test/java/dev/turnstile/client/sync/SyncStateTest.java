package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncStateTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);

    @TempDir
    Path root;

    @Test
    void theBaseThePositionAndTheServersDifferencesSurviveASaveAndALoad() throws Exception {
        StateFolder folder = StateFolder.open(root, true);
        SyncState state = SyncState.empty();
        state.agreed(new FileEntry("/a.txt", 1, 1000, A));
        state.agreed(new FileEntry("/with space/b.txt", 2, 2000, B));
        Map<String, FileEntry> server = new HashMap<>();
        server.put("/a.txt", new FileEntry("/a.txt", 1, 1000, A));
        server.put("/new.txt", new FileEntry("/new.txt", 3, 3000, C, 0755));
        state.server("idx-1", 42, server, java.util.Set.of("/empty", "/with space"));
        state.save(folder);

        SyncState loaded = SyncState.load(folder, warning -> { throw new AssertionError(warning); });

        assertEquals(state.base, loaded.base);
        assertEquals("idx-1", loaded.index());
        assertEquals(42, loaded.seq());
        assertEquals(server, loaded.server(), "the server lacks /with space/b.txt and has /new.txt besides, its mode kept");
        assertEquals(java.util.Set.of("/empty", "/with space"), loaded.serverFolders(), "its folders, the empty one too");
        String text = Files.readString(root.resolve(".turnstile/state.txt"));
        assertTrue(text.contains("x /with space/b.txt\n") && text.contains("s " + C + " 3 3000 755 /new.txt\n"), text);
        assertTrue(!text.contains("s " + A), "a server file equal to the base is not written twice: " + text);
    }

    @Test
    void aTornStateIsIgnoredWithOneWarningAndNothingIsTakenAsSynced() throws Exception {
        StateFolder folder = StateFolder.open(root, true);
        Files.writeString(root.resolve(".turnstile/state.txt"), SyncState.HEADER + "\nindex x\nseq 3\nb " + A + " 1 10");
        List<String> warnings = new ArrayList<>();

        SyncState loaded = SyncState.load(folder, warnings::add);

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(loaded.base.isEmpty());
        assertNull(loaded.index());
        assertNull(loaded.server());
    }

    @Test
    void aStateOfAServerWithoutAChangeFeedKeepsTheBaseOnly() throws Exception {
        StateFolder folder = StateFolder.open(root, true);
        SyncState state = SyncState.empty();
        state.agreed(new FileEntry("/a.txt", 1, 1000, A));
        state.server(null, 0, null, null);
        state.save(folder);

        SyncState loaded = SyncState.load(folder, warning -> { });

        assertEquals(state.base, loaded.base);
        assertNull(loaded.index());
        assertNull(loaded.server());
    }
}
