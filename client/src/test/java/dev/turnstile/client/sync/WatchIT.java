package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.leftovers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.FilesServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WatchLoop} against a real server with the real files plugin and its change feed, on a
 * loopback socket, with the platform's watcher on the local folder: what {@code pull|push|sync
 * --watch} do, end to end. Each step waits for the listener to hear a run end, never for a time.
 */
class WatchIT {

    @TempDir
    Path temp;

    private FilesServer server;
    private WatchLoop loop;
    private Thread thread;
    private final AtomicReference<Throwable> ended = new AtomicReference<>();
    private final BlockingQueue<String> runs = new LinkedBlockingQueue<>();

    private Path share() {
        return temp.resolve("share");
    }

    private Path local() {
        return temp.resolve("local");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            thread.join(10_000);
        }
        if (server != null) {
            server.close();
        }
    }

    /** Stops the loop from the listener at the first bytes of a run, when set. */
    private volatile boolean stopAtFirstBytes;

    private void start(boolean writable, WatchLoop.Mode mode) throws Exception {
        start(writable, mode, SyncFilter.none());
    }

    private void start(boolean writable, WatchLoop.Mode mode, SyncFilter filter) throws Exception {
        Files.createDirectories(share());
        if (server == null) {
            server = FilesServer.start(share(), temp.resolve("data"), writable);
        }
        WatchSession.Opener opener = () -> {
            try {
                return WatchSession.over(server.connect());
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        };
        loop = new WatchLoop(opener, local(), mode, SyncOptions.defaults(), WatchOptions.defaults(), new WatchListener() {
            @Override
            public void synced(boolean push, SyncSummary summary) {
                runs.add((push ? "push " : "pull ") + summary.copied() + " " + summary.failed());
            }

            @Override
            public void progress(SyncProgress progress) {
                if (stopAtFirstBytes && progress.bytesDone() > 0) {
                    loop.stop();
                }
            }
        }).filtering(filter);
        thread = new Thread(() -> {
            try {
                loop.run();
            } catch (Throwable e) {
                ended.set(e);
            }
        }, "watch-it");
        thread.start();
    }

    private String nextRun() throws InterruptedException {
        String run = runs.poll(20, TimeUnit.SECONDS);
        assertNotNull(run, "no pull or push ended within 20 s" + (ended.get() == null ? "" : ": " + ended.get()));
        return run;
    }

    /** Waits for runs until one copies something: a change may be seen by more than one run. */
    private String nextCopy(String direction) throws InterruptedException {
        while (true) {
            String run = nextRun();
            if (run.startsWith(direction) && !run.startsWith(direction + " 0 ")) {
                return run;
            }
        }
    }

    @Test
    void aPullWatchPicksUpANewFileOnTheServer() throws Exception {
        Files.createDirectories(share());
        Files.writeString(share().resolve("first.txt"), "one");
        start(false, WatchLoop.Mode.PULL);
        assertEquals("pull 1 0", nextRun());

        Files.createDirectories(share().resolve("docs"));
        Files.writeString(share().resolve("docs/new.txt"), "brand new");

        assertEquals("pull 1 0", nextCopy("pull"));
        assertEquals("brand new", Files.readString(local().resolve("docs/new.txt")));
    }

    @Test
    void aPushWatchSendsANewLocalFile() throws Exception {
        Files.createDirectories(local());
        start(true, WatchLoop.Mode.PUSH);
        assertEquals("push 0 0", nextRun());

        Files.createDirectories(local().resolve("notes"));
        Files.writeString(local().resolve("notes/today.md"), "pushed by the watch");

        assertEquals("push 1 0", nextCopy("push"));
        assertEquals("pushed by the watch", Files.readString(share().resolve("notes/today.md")));
    }

    @Test
    void aPushWatchLeavesOutWhatItsFilterExcludes() throws Exception {
        Files.createDirectories(local());
        start(true, WatchLoop.Mode.PUSH, SyncFilter.none().exclude("*.tmp"));
        assertEquals("push 0 0", nextRun());

        Files.writeString(local().resolve("scratch.tmp"), "stays here");
        Files.writeString(local().resolve("kept.md"), "pushed by the watch");

        assertEquals("push 1 0", nextCopy("push"));
        assertEquals("pushed by the watch", Files.readString(share().resolve("kept.md")));
        assertFalse(Files.exists(share().resolve("scratch.tmp")), "the excluded file is not sent");
    }

    @Test
    void aSyncWatchCarriesChangesBothWaysOnOneConnection() throws Exception {
        Files.createDirectories(local());
        start(true, WatchLoop.Mode.SYNC);
        nextRun();
        nextRun();

        Files.writeString(share().resolve("from-server.txt"), "server side");
        assertEquals("pull 1 0", nextCopy("pull"));
        Files.writeString(local().resolve("from-here.txt"), "local side");
        assertEquals("push 1 0", nextCopy("push"));

        assertEquals("server side", Files.readString(local().resolve("from-server.txt")));
        assertEquals("local side", Files.readString(share().resolve("from-here.txt")));
    }

    @Test
    void aStoppedWatchEndsAndLeavesNoTemporaryFiles() throws Exception {
        Files.createDirectories(share());
        for (int i = 0; i < 20; i++) {
            Files.write(share().resolve("f" + i + ".bin"), SyncTrees.random(200_000, i));
        }
        start(false, WatchLoop.Mode.PULL);
        assertEquals("pull 20 0", nextRun());

        loop.stop();
        thread.join(10_000);

        assertFalse(thread.isAlive());
        assertNull(ended.get());
        assertEquals(List.of(), leftovers(local()));
        loop = null;
    }

    @Test
    void aWatchStoppedDuringAPullLeavesEveryFileWholeAndTheNextWatchGoesOnAndCleansUp() throws Exception {
        Files.createDirectories(share());
        for (int i = 0; i < 8; i++) {
            Files.write(share().resolve("f" + i + ".bin"), SyncTrees.random(3 << 20, i));
        }
        stopAtFirstBytes = true;
        start(false, WatchLoop.Mode.PULL);
        thread.join(20_000);
        assertFalse(thread.isAlive());
        assertNull(ended.get());
        try (var files = Files.list(local())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".bin")) {
                    assertEquals(Files.size(share().resolve(name)), Files.size(file), name + " is whole");
                }
            }
        }

        stopAtFirstBytes = false;
        start(false, WatchLoop.Mode.PULL);
        String run = nextRun();
        assertTrue(run.startsWith("pull ") && run.endsWith(" 0"), run);

        assertEquals(List.of(), leftovers(local()));
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(Files.readAllBytes(share().resolve("f" + i + ".bin")),
                    Files.readAllBytes(local().resolve("f" + i + ".bin")));
        }
    }
}
