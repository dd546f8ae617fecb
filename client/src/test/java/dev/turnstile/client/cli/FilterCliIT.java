package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.FilesServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --exclude}, {@code --include}, {@code .turnstileignore} and {@code -v} of a real process, against a real server. */
class FilterCliIT {

    @TempDir
    Path temp;

    private FilesServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static void write(Path root, String path, String content) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    @Test
    void aDryRunWithVerboseNamesWhatTheFiltersLeaveOutAndAPullLeavesItAlone() throws Exception {
        Path share = Files.createDirectories(temp.resolve("share"));
        write(share, ".turnstileignore", "*.log\n");
        write(share, "a.txt", "alpha");
        write(share, "x.log", "server log");
        write(share, "build/out.o", "object");
        write(share, "build/keep.txt", "kept by --include? no: its folder is excluded");
        Path local = temp.resolve("local");
        write(local, "mine.log", "my log, excluded by the server's file");
        write(local, "stale.txt", "deleted");
        server = FilesServer.start(share, temp.resolve("data"), false);
        String port = String.valueOf(server.port());

        // --force: stale.txt was never synced, so --delete alone would keep it as made here.
        CliProcess.Result dry = CliProcess.run("", "-p", port, "pull", "--delete", "--force", "--include", "keep.txt",
                "--exclude", "build/", "-n", "-v", local.toString());

        assertEquals(0, dry.exitCode(), dry.stderr());
        List<String> lines = dry.lines();
        assertEquals(List.of("excluded /build/", "excluded /mine.log", "excluded /x.log"),
                lines.stream().filter(line -> line.startsWith("excluded ")).toList(), dry.stdout());
        assertFalse(Files.exists(local.resolve("a.txt")), "a dry run changes nothing");

        CliProcess.Result pulled = CliProcess.run("", "-p", port, "pull", "--delete", "--force", "--exclude", "build/",
                local.toString());

        assertEquals(0, pulled.exitCode(), pulled.stderr());
        assertTrue(pulled.stdout().startsWith("copied 1, skipped 0, deleted 1"), pulled.stdout());
        assertEquals("alpha", Files.readString(local.resolve("a.txt")));
        assertTrue(Files.exists(local.resolve("mine.log")));
        assertFalse(Files.exists(local.resolve("build")));
        assertFalse(Files.exists(local.resolve(".turnstileignore")), "the server's ignore file is its own");
    }

    @Test
    void aNegatedPatternIsAUsageErrorThatSaysWhatToWriteInstead() throws Exception {
        Path local = Files.createDirectories(temp.resolve("local"));

        CliProcess.Result result = CliProcess.run("", "-p", "1", "pull", "--exclude", "!x", local.toString());

        assertEquals(2, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("use --include x"), result.stderr());
    }
}
