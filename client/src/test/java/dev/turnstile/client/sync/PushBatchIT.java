package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.describe;
import static dev.turnstile.client.sync.SyncTrees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.FilesServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A push of many small files against a real server: committed in batches, each file settled on its own. */
class PushBatchIT {

    @TempDir
    Path temp;

    private FilesServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Path share() throws IOException {
        return Files.createDirectories(temp.resolve("share"));
    }

    private Path local() throws IOException {
        return Files.createDirectories(temp.resolve("local"));
    }

    /** Passes every call on, the batch commits too, and counts the batches. */
    private static class CountingRemote extends ForwardingRemote {
        final RemoteFolder next;
        final List<Integer> batches = new CopyOnWriteArrayList<>();

        CountingRemote(RemoteFolder next) {
            super(next);
            this.next = next;
        }

        @Override
        public CompletableFuture<Map<String, IOException>> commitAll(List<String> uploads) {
            batches.add(uploads.size());
            return next.commitAll(uploads);
        }
    }

    @Test
    void manySmallFilesInSeveralFoldersArePushedInBatchesAndAllLand() throws Exception {
        for (int i = 0; i < 100; i++) {
            write(local(), "/d" + (i % 5) + "/f" + i + ".txt", "small file " + i);
        }
        server = FilesServer.start(share(), temp.resolve("data"), true);
        try (CountingRemote folder = new CountingRemote(new ServerFolder(server.connect()))) {
            SyncSummary summary = new Sync(folder, SyncOptions.defaults(), SyncListener.NONE).push(local());

            assertTrue(summary.complete(), summary.problems().toString());
            assertEquals(100, summary.copied());
            assertEquals(List.of(32, 32, 32, 4), folder.batches);
        }
        assertEquals(describe(local()), describe(share()));
    }

    @Test
    void oneUploadTheServerRefusesInABatchIsReportedByItsPathAndTheOthersLand() throws Exception {
        for (int i = 0; i < 10; i++) {
            write(local(), "/f" + i + ".txt", "local " + i);
        }
        server = FilesServer.start(share(), temp.resolve("data"), true);
        try (CountingRemote folder = new CountingRemote(new ServerFolder(server.connect())) {
            @Override
            public CompletableFuture<Upload> beginUpload(String path, long size, String sha256, long mtimeMillis,
                    String replaces) {
                if (path.equals("/f3.txt")) {
                    try {
                        // Someone else creates it on the server after the listing: its commit is a 409.
                        write(share(), path, "written on the server meanwhile");
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
                return super.beginUpload(path, size, sha256, mtimeMillis, replaces);
            }
        }) {
            SyncSummary summary = new Sync(folder, SyncOptions.defaults(), SyncListener.NONE).push(local());

            assertEquals(9, summary.copied());
            assertEquals(1, summary.problems().size(), summary.problems().toString());
            assertTrue(summary.problems().get(0).startsWith("/f3.txt: the server refused the upload: "),
                    summary.problems().get(0));
            assertEquals(List.of(10), folder.batches);
        }
        assertEquals("written on the server meanwhile", Files.readString(share().resolve("f3.txt")));
        assertEquals("local 7", Files.readString(share().resolve("f7.txt")));
        assertFalse(Files.exists(local().resolve(".turnstile/" + UploadRecords.FILE_NAME)), "no upload left open");
    }
}
