package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.FilesServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --bwlimit} of a real process against a real server: the bytes still arrive whole, both ways. */
class BandwidthLimitCliIT {

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
    void aLimitedPullAndPushCopyEveryByte() throws Exception {
        byte[] content = new byte[1 << 20];
        new Random(7).nextBytes(content);
        Path share = Files.createDirectories(temp.resolve("share"));
        Files.write(share.resolve("a.bin"), content);
        server = FilesServer.start(share, temp.resolve("data"), true);
        String port = String.valueOf(server.port());
        Path local = temp.resolve("local");

        CliProcess.Result pulled = CliProcess.run("", "-p", port, "pull", "--bwlimit", "8m", local.toString());
        Files.write(local.resolve("b.bin"), content);
        CliProcess.Result pushed = CliProcess.run("", "-p", port, "push", "--bwlimit", "8192", local.toString());

        assertEquals(0, pulled.exitCode(), pulled.stderr());
        assertArrayEquals(content, Files.readAllBytes(local.resolve("a.bin")));
        assertEquals(0, pushed.exitCode(), pushed.stderr());
        assertArrayEquals(content, Files.readAllBytes(share.resolve("b.bin")));
    }

    @Test
    void aRateThatIsNotOneIsAUsageErrorNamingTheUnits() throws Exception {
        Path local = Files.createDirectories(temp.resolve("local"));

        CliProcess.Result result = CliProcess.run("", "-p", "1", "pull", "--bwlimit", "fast", local.toString());

        assertEquals(2, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("--bwlimit fast: not a rate"), result.stderr());
    }
}
