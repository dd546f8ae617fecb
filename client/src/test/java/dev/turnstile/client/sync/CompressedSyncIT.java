package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.OLD;
import static dev.turnstile.client.sync.SyncTrees.describe;
import static dev.turnstile.client.sync.SyncTrees.leftovers;
import static dev.turnstile.client.sync.SyncTrees.random;
import static dev.turnstile.client.sync.SyncTrees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.CountingProxy;
import dev.turnstile.client.FilesServer;
import dev.turnstile.client.TurnstileClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --compress} end to end: pull and push through {@link RemoteFolders#over(TurnstileClient, boolean)}
 * against a real server with the real files plugin, through a relay that counts the bytes on the
 * wire. Text crosses deflated and arrives identical; random bytes cross as they are (the answer
 * lacks {@code "compressed"}, as an older server's does) and arrive identical too.
 */
class CompressedSyncIT {

    private static final int MIB = 1 << 20;
    private static final int TEXT = 3 * MIB;
    private static final int NOISE = MIB + 17;

    @TempDir
    Path temp;

    private FilesServer server;
    private CountingProxy proxy;

    private Path share() throws IOException {
        return Files.createDirectories(temp.resolve("share"));
    }

    private Path local() {
        return temp.resolve("local");
    }

    @AfterEach
    void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(boolean writable) throws Exception {
        server = FilesServer.start(share(), temp.resolve("data"), writable);
        proxy = new CountingProxy(server.port());
    }

    /** @return a logged-in connection through the counting relay */
    private TurnstileClient connect() throws Exception {
        TurnstileClient client = TurnstileClient.connect(server.options().withPort(proxy.port()));
        client.login();
        return client;
    }

    /** Several text files, 3 MiB in all, that compress about as source code does, and a file of random bytes. */
    private static void tree(Path root) throws IOException {
        for (int file = 0; file < 3; file++) {
            StringBuilder text = new StringBuilder();
            for (int line = 0; text.length() < MIB; line++) {
                text.append("file ").append(file).append(", line ").append(line)
                        .append(": the server answers each chunk in order, and the client checks its hash\n");
            }
            write(root, "/docs/part" + file + ".txt", text.substring(0, MIB).getBytes(StandardCharsets.US_ASCII),
                    OLD + file);
        }
        write(root, "/media/noise.bin", random(NOISE, 11), OLD);
    }

    private SyncSummary pull(boolean compress) throws Exception {
        try (RemoteFolder folder = RemoteFolders.over(connect(), compress)) {
            return new Sync(folder, SyncOptions.defaults(), SyncListener.NONE).pull(local());
        }
    }

    private SyncSummary push(boolean compress) throws Exception {
        try (RemoteFolder folder = RemoteFolders.over(connect(), compress)) {
            return new Sync(folder, SyncOptions.defaults(), SyncListener.NONE).push(local());
        }
    }

    @Test
    void aCompressedPullGivesIdenticalFilesAndSendsTheTextDeflated() throws Exception {
        tree(share());
        start(false);

        SyncSummary summary = pull(true);

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(4, summary.copied());
        assertEquals(describe(share()), describe(local()));
        assertEquals(List.of(), leftovers(local()));
        long down = proxy.down.get();
        assertTrue(down > NOISE, "the random bytes cross as they are: " + down);
        assertTrue(down < NOISE + TEXT / 4, "the text crosses deflated: " + down + " bytes in all");
    }

    @Test
    void withoutCompressTheSamePullSendsEveryByteAsItIs() throws Exception {
        tree(share());
        start(false);

        SyncSummary summary = pull(false);

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(describe(share()), describe(local()));
        assertTrue(proxy.down.get() >= NOISE + TEXT - 64 * 1024, proxy.down.get() + " bytes");
    }

    @Test
    void aCompressedPushGivesIdenticalFilesAndSendsTheTextDeflated() throws Exception {
        tree(local());
        start(true);

        SyncSummary summary = push(true);

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(4, summary.copied());
        assertEquals(describe(local()), describe(share()));
        long up = proxy.up.get();
        assertTrue(up > NOISE - 64 * 1024, "the random bytes cross as they are: " + up);
        assertTrue(up < NOISE + TEXT / 4, "the text crosses deflated: " + up + " bytes in all");
    }

    @Test
    void aCompressedPullWhoseConnectionDropsGoesOnFromWhereItStopped() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int line = 0; text.length() < 6 * MIB; line++) {
            text.append("line ").append(line).append(" of a log that a pull fetches in chunks of a mebibyte\n");
        }
        write(share(), "/big.log", text.toString().getBytes(StandardCharsets.US_ASCII), OLD);
        start(false);
        SyncOptions options = SyncOptions.defaults().withWindow(2).withCheckpointBytes(MIB);

        TurnstileClient client = connect();
        RemoteFolder dropping = ForwardingRemote.atRead(new ServerFolder(client, MIB, MIB, true), null, 4, client::close);
        try (dropping) {
            assertThrows(IOException.class, () -> new Sync(dropping, options, SyncListener.NONE).pull(local()));
        }
        assertFalse(Files.exists(local().resolve("big.log")), "nothing half written at the target");
        long kept = ResumeRecord.read(local().resolve(".big.log.turnstile-resume")).goodBytes();
        assertTrue(kept >= MIB, "the chunks that came were kept: " + kept);

        try (RemoteFolder folder = new ServerFolder(connect(), MIB, MIB, true)) {
            SyncSummary summary = new Sync(folder, options, SyncListener.NONE).pull(local());
            assertTrue(summary.complete(), summary.problems().toString());
        }
        assertEquals(describe(share()), describe(local()));
        assertEquals(List.of(), leftovers(local()));
    }
    @Test
    void aStoppedCompressedPushGoesOnFromTheServersStagedBytes() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int line = 0; text.length() < 5 * MIB; line++) {
            text.append("line ").append(line).append(" of a log that a push sends in chunks of a mebibyte\n");
        }
        write(local(), "/big.log", text.toString().getBytes(StandardCharsets.US_ASCII), OLD);
        start(true);
        SyncOptions options = SyncOptions.defaults().withWindow(2);
        Sync[] sync = new Sync[1];
        AtomicInteger chunks = new AtomicInteger();
        try (RemoteFolder stopping = new ForwardingRemote(new ServerFolder(connect(), MIB, MIB, true)) {
            @Override
            public CompletableFuture<Void> sendChunk(String upload, long offset, java.nio.channels.FileChannel file,
                    long position, int length, dev.turnstile.client.AttachmentSink seen) {
                if (chunks.incrementAndGet() == 3) {
                    sync[0].stop();
                }
                return super.sendChunk(upload, offset, file, position, length, seen);
            }
        }) {
            sync[0] = new Sync(stopping, options, SyncListener.NONE);
            assertThrows(java.io.InterruptedIOException.class, () -> sync[0].push(local()));
        }
        assertFalse(Files.exists(share().resolve("big.log")), "nothing is committed half sent");
        long before = proxy.up.get();

        try (RemoteFolder folder = new ServerFolder(connect(), MIB, MIB, true)) {
            SyncSummary summary = new Sync(folder, options, SyncListener.NONE).push(local());
            assertTrue(summary.complete(), summary.problems().toString());
        }

        assertEquals(describe(local()), describe(share()));
        assertEquals(List.of(), leftovers(local()));
        assertTrue(proxy.up.get() - before < 5L * MIB / 4, "the rest went deflated: " + (proxy.up.get() - before));
    }
}
