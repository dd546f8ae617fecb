package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.FilesServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code turnstile-cli pull} and {@code push} as a real process against a real files server. */
class SyncCliIT {

    @TempDir
    Path temp;

    private FilesServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private Path share() throws Exception {
        return Files.createDirectories(temp.resolve("share"));
    }

    private static void write(Path root, String path, String content) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** @return every regular file under root, as path and content, leaving out the sync's state */
    private static List<String> contents(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> !root.relativize(file).startsWith(".turnstile"))
                    .map(file -> {
                        try {
                            return root.relativize(file) + "=" + Files.readString(file);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .sorted()
                    .toList();
        }
    }

    @Test
    void pullMirrorsTheSharedFolderAndEndsWithOneSummaryLine() throws Exception {
        write(share(), "docs/a.md", "alpha");
        write(share(), "ünï/b.txt", "bravo");
        server = FilesServer.start(share(), temp.resolve("data"), false);
        Path mirror = temp.resolve("mirror");

        CliProcess.Result result = CliProcess.run("", "-p", String.valueOf(server.port()), "pull", mirror.toString());

        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals(contents(share()), contents(mirror));
        assertEquals(1, result.lines().size(), result.stdout());
        assertTrue(result.stdout().startsWith("copied 2, skipped 0, deleted 0"), result.stdout());
    }

    @Test
    void pushIntoAReadOnlyServerIsOneLineAndExit1AndChangesNothing() throws Exception {
        write(share(), "kept.txt", "the server's");
        Path local = temp.resolve("local");
        write(local, "kept.txt", "mine");
        write(local, "new.txt", "new");
        server = FilesServer.start(share(), temp.resolve("data"), false);

        CliProcess.Result result = CliProcess.run("", "-p", String.valueOf(server.port()), "push", "--delete",
                local.toString());

        assertEquals(1, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("shares its folder read-only"), result.stderr());
        assertEquals(1, result.stderr().strip().lines().count(), result.stderr());
        assertEquals(List.of("kept.txt=the server's"), contents(share()));
    }

    @Test
    void pushMakesAWritableServersFolderEqualToTheLocalOne() throws Exception {
        write(share(), "stale.txt", "gone after the push");
        Path local = temp.resolve("local");
        write(local, "docs/a.md", "alpha");
        write(local, "日本/語.txt", "nihongo");
        server = FilesServer.start(share(), temp.resolve("data"), true);

        CliProcess.Result result = CliProcess.run("", "-p", String.valueOf(server.port()), "push", "--delete",
                local.toString());

        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals(contents(local), contents(share()));
        assertTrue(result.stdout().startsWith("copied 2, skipped 0, deleted 1"), result.stdout());
    }
}
