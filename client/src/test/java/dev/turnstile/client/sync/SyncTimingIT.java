package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.OLD;
import static dev.turnstile.client.sync.SyncTrees.describe;
import static dev.turnstile.client.sync.SyncTrees.random;
import static dev.turnstile.client.sync.SyncTrees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.FilesServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rough timings of pull and push on loopback, in one JVM with the server: not a benchmark (that is
 * {@code benchmarks/}, with pinning and rsync beside it), a quick look at where a change moves
 * things. Off by default; run with
 * {@code mvn -o -B -pl client -am verify -Dit.test=SyncTimingIT -Dsync.timing=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "sync.timing", matches = "true")
class SyncTimingIT {

    @TempDir
    Path temp;

    @Test
    void timesOneLargeFileAndManySmallOnes() throws Exception {
        Path share = Files.createDirectories(temp.resolve("share"));
        long large = Long.getLong("sync.timing.bytes", 200L << 20);
        try (OutputStream out = Files.newOutputStream(share.resolve("large.bin"))) {
            byte[] block = new byte[1 << 20];
            Random random = new Random(1);
            for (long done = 0; done < large; done += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, large - done));
            }
        }
        Files.setLastModifiedTime(share.resolve("large.bin"), FileTime.fromMillis(OLD));
        int small = Integer.getInteger("sync.timing.files", 2000);
        for (int i = 0; i < small; i++) {
            write(share, String.format("/small/%02d/f%05d.bin", i % 20, i), random(10 * 1024, i), OLD);
        }
        try (FilesServer server = FilesServer.start(share, temp.resolve("data"), true)) {
            // Let the server's first walk and hashing finish, so the timings are of the sync.
            time("listing (server hashing at start-up)", server, () -> {
                try (RemoteFolder folder = folderOf(server)) {
                    return RemoteListing.fetch(folder).files().size() + " files";
                }
            });
            Path mirror = temp.resolve("mirror");
            time("pull, first copy: " + (large >> 20) + " MiB + " + small + " x 10 KiB", server,
                    () -> pull(server, mirror));
            time("pull again, nothing changed", server, () -> pull(server, mirror));
            assertEquals(describe(share), describe(mirror));

            for (int i = 0; i < small; i++) {
                write(mirror, String.format("/pushed/%02d/f%05d.bin", i % 20, i), random(10 * 1024, -i), OLD);
            }
            time("push of " + small + " x 10 KiB", server, () -> pushOf(server, mirror));
            assertEquals(describe(mirror), describe(share));
        }
    }

    private interface Step {
        Object run() throws Exception;
    }

    private static RemoteFolder folderOf(FilesServer server) throws Exception {
        return RemoteFolders.over(server.connect());
    }

    private static Object pull(FilesServer server, Path mirror) throws Exception {
        try (RemoteFolder folder = folderOf(server)) {
            SyncSummary summary = new Sync(folder, SyncOptions.defaults(), SyncListener.NONE).pull(mirror);
            assertTrue(summary.complete(), summary.problems().toString());
            return summary.line();
        }
    }

    private static Object pushOf(FilesServer server, Path local) throws Exception {
        try (RemoteFolder folder = folderOf(server)) {
            SyncSummary summary = new Sync(folder, SyncOptions.defaults(), SyncListener.NONE).push(local);
            assertTrue(summary.complete(), summary.problems().toString());
            return summary.line();
        }
    }

    private static void time(String what, FilesServer server, Step step) throws Exception {
        long start = System.nanoTime();
        Object result = step.run();
        System.out.printf("sync timing: %-50s %7.2f s  %s%n", what, (System.nanoTime() - start) / 1e9,
                result instanceof String line ? line : "");
    }
}
