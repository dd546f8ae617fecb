package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filters in pull and push, against a local folder standing for the server. */
class FilterTest {

    @TempDir
    Path temp;
    Path server;
    Path local;
    private final List<LocalFolderRemote> remotes = new ArrayList<>();
    private final List<String> excluded = new ArrayList<>();

    @BeforeEach
    void folders() throws IOException {
        server = Files.createDirectory(temp.resolve("server"));
        Files.createDirectory(temp.resolve("staging"));
        local = Files.createDirectory(temp.resolve("local"));
    }

    @AfterEach
    void closeRemotes() {
        remotes.forEach(LocalFolderRemote::close);
    }

    private Sync sync(SyncOptions options, SyncFilter filter) {
        LocalFolderRemote remote = new LocalFolderRemote(server, temp.resolve("staging"), 4096, 3);
        remotes.add(remote);
        return new Sync(remote, options, new SyncListener() {
            @Override
            public void excluded(String path, boolean folder) {
                excluded.add(path + (folder ? "/" : ""));
            }
        }, filter);
    }

    private static Set<String> paths(Path root) throws IOException {
        return SyncTrees.describe(root).keySet();
    }

    @Test
    void anExcludedPathIsNeitherPulledNorDeletedByAPullWithDelete() throws Exception {
        write(server, "/a.txt", "a");
        write(server, "/b.tmp", "server's b");
        write(server, "/build/out.o", "o");
        write(local, "/c.tmp", "local only, excluded");
        write(local, "/build/mine.o", "local only, in an excluded folder");
        write(local, "/d.txt", "local only, not excluded");

        // --force: without a base, --delete alone would keep /d.txt as made here; excluded paths stay even so.
        SyncSummary summary = sync(SyncOptions.defaults().withDelete(true).withForce(true),
                SyncFilter.none().exclude("*.tmp").exclude("build/")).pull(local);

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(Set.of("/a.txt", "/c.tmp", "/build/mine.o"), paths(local));
        assertEquals(List.of("/b.tmp", "/build/", "/c.tmp"), excluded);
    }

    @Test
    void anExcludedPathIsNeitherPushedNorDeletedOnTheServerByAPushWithDelete() throws Exception {
        write(local, "/a.txt", "a");
        write(local, "/secret.key", "never sent");
        write(server, "/server.key", "never deleted");
        write(server, "/old.txt", "deleted");

        SyncSummary summary = sync(SyncOptions.defaults().withDelete(true).withForce(true),
                SyncFilter.none().exclude("*.key")).push(local);

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(Set.of("/a.txt", "/server.key"), paths(server));
    }

    @Test
    void eachSidesIgnoreFileProtectsItsPathsAndTheFilesThemselvesStayPut() throws Exception {
        write(local, "/.turnstileignore", "# mine\n*.log\n");
        write(local, "/run.log", "local log");
        write(server, "/.turnstileignore", "/cache/\n");
        write(server, "/cache/blob", "server cache");
        write(server, "/server.log", "server log");
        write(server, "/a.txt", "a");

        SyncSummary summary = sync(SyncOptions.defaults().withDelete(true), SyncFilter.none()).pull(local);

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(Set.of("/.turnstileignore", "/run.log", "/a.txt"), paths(local));
        assertEquals("# mine\n*.log\n", Files.readString(local.resolve(".turnstileignore")));
        assertEquals(List.of("/cache/", "/run.log", "/server.log"), excluded);
    }

    @Test
    void anIncludeBeforeAnExcludeKeepsWhatItMatches() throws Exception {
        write(server, "/keep.tmp", "kept");
        write(server, "/drop.tmp", "dropped");

        sync(SyncOptions.defaults(), SyncFilter.none().include("keep.tmp").exclude("*.tmp")).pull(local);

        assertEquals(Set.of("/keep.tmp"), paths(local));
    }

    @Test
    void aDryRunTellsWhatTheFiltersLeftOutAndChangesNothing() throws Exception {
        write(server, "/a.txt", "a");
        write(server, "/logs/x.log", "x");

        SyncSummary summary = sync(SyncOptions.defaults().withDryRun(true), SyncFilter.none().exclude("/logs"))
                .pull(temp.resolve("absent"));

        assertEquals(1, summary.plan().count(SyncPlan.Kind.COPY));
        assertEquals(List.of("/logs/"), excluded);
        assertFalse(Files.exists(temp.resolve("absent")));
    }
}
