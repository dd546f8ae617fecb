package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.CountingProxy;
import dev.turnstile.client.FilesServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --compress} of a real process against a real server, through a relay that counts the bytes
 * on the wire: text goes deflated, and text and random bytes arrive whole, both ways, once and
 * with {@code --watch}.
 */
class CompressCliIT {

    @TempDir
    Path temp;

    private FilesServer server;
    private CountingProxy proxy;

    @AfterEach
    void stopServer() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aCompressedPullPushAndSyncCopyEveryByte() throws Exception {
        byte[] text = log(2_000_000);
        byte[] noise = new byte[300_000];
        new Random(7).nextBytes(noise);
        Path share = Files.createDirectories(temp.resolve("share"));
        Files.write(share.resolve("a.log"), text);
        Files.write(share.resolve("a.bin"), noise);
        server = FilesServer.start(share, temp.resolve("data"), true);
        proxy = new CountingProxy(server.port());
        String port = String.valueOf(proxy.port());
        Path local = temp.resolve("local");

        CliProcess.Result pulled = CliProcess.run("", "-p", port, "pull", "--compress", "--bwlimit", "50m",
                local.toString());
        Files.write(local.resolve("b.log"), text);
        Files.write(local.resolve("b.bin"), noise);
        long pulledBytes = proxy.down.get();
        CliProcess.Result pushed = CliProcess.run("", "-p", port, "push", "--compress", local.toString());
        long pushedBytes = proxy.up.get();
        Files.write(local.resolve("c.log"), text);
        CliProcess.Result synced = CliProcess.run("", "-p", port, "sync", "--compress", local.toString());

        assertEquals(0, pulled.exitCode(), pulled.stderr());
        assertArrayEquals(text, Files.readAllBytes(local.resolve("a.log")));
        assertArrayEquals(noise, Files.readAllBytes(local.resolve("a.bin")));
        assertEquals(0, pushed.exitCode(), pushed.stderr());
        assertArrayEquals(text, Files.readAllBytes(share.resolve("b.log")));
        assertArrayEquals(noise, Files.readAllBytes(share.resolve("b.bin")));
        assertEquals(0, synced.exitCode(), synced.stderr());
        assertArrayEquals(text, Files.readAllBytes(share.resolve("c.log")));
        assertTrue(pulledBytes < noise.length + text.length / 2, "the pull's text went deflated: " + pulledBytes);
        assertTrue(pushedBytes < noise.length + text.length / 2, "the push's text went deflated: " + pushedBytes);
    }

    @Test
    void aCompressedPullWatchTakesEachChangeDeflated() throws Exception {
        byte[] text = log(1_000_000);
        Path share = Files.createDirectories(temp.resolve("share"));
        Files.write(share.resolve("first.log"), text);
        server = FilesServer.start(share, temp.resolve("data"), false);
        proxy = new CountingProxy(server.port());
        Path mirror = temp.resolve("mirror");

        CliProcess cli = CliProcess.start(Map.of(), "-p", String.valueOf(proxy.port()), "pull", "--watch", "--compress",
                mirror.toString());
        cli.awaitStdoutLine("pull: copied 1,");
        cli.awaitStderrLine("turnstile-cli: watching 127.0.0.1:" + proxy.port() + " for changes to pull into " + mirror);
        byte[] more = log(1_200_000);
        Files.write(share.resolve("second.log"), more);
        cli.awaitStdoutLine("pull: copied 1,");
        cli.terminateKeepingOutput();
        CliProcess.Result result = cli.finish();

        assertEquals(143, result.exitCode(), result.stderr());
        assertArrayEquals(text, Files.readAllBytes(mirror.resolve("first.log")));
        assertArrayEquals(more, Files.readAllBytes(mirror.resolve("second.log")));
        long down = proxy.down.get();
        assertTrue(down < (text.length + more.length) / 2, "both files went deflated: " + down + " bytes down");
    }

    /** @return about {@code size} bytes of log lines, which deflate to a small fraction */
    private static byte[] log(int size) {
        StringBuilder log = new StringBuilder();
        for (int line = 0; log.length() < size; line++) {
            log.append("2026-12-07 14:00:").append(line % 60).append(" INFO served chunk ").append(line).append('\n');
        }
        return log.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
