package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LocalWatcher} on a real folder, through the platform's watch service. */
class LocalWatcherTest {

    @TempDir
    Path temp;

    private final Semaphore changes = new Semaphore(0);

    private void release(Path path) {
        changes.release();
    }

    private void awaitChange() throws InterruptedException {
        assertTrue(changes.tryAcquire(10, TimeUnit.SECONDS), "no change reported within 10 s");
    }

    @Test
    void aFileWrittenInAFolderMadeAfterTheStartIsSeen() throws Exception {
        Path root = Files.createDirectory(temp.resolve("root")).toRealPath();
        try (LocalWatcher watcher = LocalWatcher.start(root, this::release)) {
            Path folder = Files.createDirectory(root.resolve("new"));
            awaitChange();
            changes.drainPermits();
            // The new folder is watched once its creation was handled: then a write in it is seen.
            assertTrue(watcher.watched().contains(folder), watcher.watched().toString());

            Files.writeString(folder.resolve("a.txt"), "alpha");

            awaitChange();
        }
    }

    @Test
    void theStateFolderAndLinksAreNotWatchedAndNothingOutsideTheRoot() throws Exception {
        Path root = Files.createDirectory(temp.resolve("root")).toRealPath();
        Path outside = Files.createDirectory(temp.resolve("outside")).toRealPath();
        Files.createDirectories(root.resolve(".turnstile"));
        Files.createDirectories(root.resolve("docs/.turnstile"));
        Files.createSymbolicLink(root.resolve("link"), outside);

        try (LocalWatcher watcher = LocalWatcher.start(root, this::release)) {
            assertEquals(Set.of(root, root.resolve("docs"), root.resolve("docs/.turnstile")), watcher.watched(),
                    "the root's .turnstile is the sync's own; one deeper down is the user's");
        }
    }

    @Test
    void theSyncsOwnTemporaryFilesAndStateAreNoChangeButTheRenameIntoPlaceIs() throws Exception {
        Path root = Files.createDirectory(temp.resolve("root")).toRealPath();
        BlockingQueue<Path> seen = new LinkedBlockingQueue<>();
        try (LocalWatcher watcher = LocalWatcher.start(root, seen::add)) {
            Path part = Files.writeString(root.resolve(".a.txt.turnstile-part"), "alpha");
            Files.writeString(root.resolve(".a.txt.turnstile-resume"), "{}");
            Files.createDirectories(root.resolve(".turnstile"));
            Files.writeString(root.resolve(".turnstile/hashes.txt"), "x");
            Files.move(part, root.resolve("a.txt"));
            Files.writeString(root.resolve("z.txt"), "last");

            Set<Path> reported = new HashSet<>();
            while (!reported.contains(root.resolve("z.txt"))) {
                Path path = seen.poll(10, TimeUnit.SECONDS);
                assertNotNull(path, "z.txt was not reported within 10 s; seen " + reported);
                reported.add(path);
            }

            assertEquals(Set.of(root.resolve("a.txt"), root.resolve("z.txt")), reported);
        }
    }
}
