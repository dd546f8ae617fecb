package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.FilesServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code turnstile-cli pull --watch} as a real process against a real files server that goes away and comes back. */
class WatchCliIT {

    @TempDir
    Path temp;

    private FilesServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPullWatchFollowsTheServerReconnectsOnceItIsBackAndStopsCleanlyOnSigterm() throws Exception {
        Path share = Files.createDirectories(temp.resolve("share"));
        Files.writeString(share.resolve("first.txt"), "one");
        server = FilesServer.start(share, temp.resolve("data"), false);
        int port = server.port();
        Path mirror = temp.resolve("mirror");

        CliProcess cli = CliProcess.start(Map.of(), "-p", String.valueOf(port), "pull", "--watch", mirror.toString());
        cli.awaitStdoutLine("pull: copied 1,");
        cli.awaitStderrLine("turnstile-cli: watching 127.0.0.1:" + port + " for changes to pull into " + mirror);

        Files.writeString(share.resolve("second.txt"), "two");
        cli.awaitStdoutLine("pull: copied 1,");
        assertEquals("two", Files.readString(mirror.resolve("second.txt")));

        server.close();
        server = null;
        cli.awaitStderrLine("trying again, every 30 s at most, until it answers");
        Files.writeString(share.resolve("third.txt"), "three");
        server = FilesServer.start(share, temp.resolve("data"), false, port);
        cli.awaitStderrLine("is back (unreachable since ");
        cli.awaitStdoutLine("pull: copied 1,");
        assertEquals("three", Files.readString(mirror.resolve("third.txt")));

        cli.terminateKeepingOutput();
        CliProcess.Result result = cli.finish();

        assertEquals(143, result.exitCode(), result.stderr());
        List<String> tries = result.stderr().lines().filter(line -> line.contains("trying again")).toList();
        assertEquals(1, tries.size(), "one line for the lost connection, however many tries: " + result.stderr());
        assertTrue(result.stdout().endsWith("stopped watching; the folder is whole, and the next run goes on from here\n"),
                result.stdout() + result.stderr());
    }
}
