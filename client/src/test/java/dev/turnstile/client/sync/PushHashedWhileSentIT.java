package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.OLD;
import static dev.turnstile.client.sync.SyncTrees.describe;
import static dev.turnstile.client.sync.SyncTrees.random;
import static dev.turnstile.client.sync.SyncTrees.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.AttachmentSink;
import dev.turnstile.client.FilesServer;
import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push of a large new file against a real server: begun without its hash, hashed as it is sent,
 * the hash given at the commit; never committed as a mix of two versions; resumed by a later run;
 * and hashed first for a server that needs the hash at the beginning.
 */
class PushHashedWhileSentIT {

    /** Three attachment chunks of 8 MiB, the last one short. */
    private static final int BIG = 20 * 1024 * 1024 + 12_345;

    @TempDir
    Path temp;

    private FilesServer server;
    private Path local;
    private Path share;
    /**
     * A manual clock an hour after the files were written: the push may then hash them as it sends
     * them (a file changed moments before is hashed first, see {@link SentHash}).
     */
    private LongSupplier anHourLater;

    @BeforeEach
    void files() throws Exception {
        local = Files.createDirectories(temp.resolve("local"));
        share = Files.createDirectories(temp.resolve("share"));
        write(local, "/big/image.raw", random(BIG, 7), OLD);
        write(local, "/small.txt", "a small file, hashed in the plan");
        write(local, "/big/notes.md", "# notes");
        // The files' change time is the kernel's clock, which no test sets: the manual clock starts from it.
        FileTime changed = (FileTime) Files.getAttribute(local.resolve("big/notes.md"), "unix:ctime",
                LinkOption.NOFOLLOW_LINKS);
        long later = changed.toMillis() + 3_600_000;
        anHourLater = () -> later;
        server = FilesServer.start(share, temp.resolve("data"), true);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Passes every call on, and records the hashes the begins and the commits carried. */
    private static class Recording extends ForwardingRemote {
        final List<String> begins = new CopyOnWriteArrayList<>();
        final List<String> hashedCommits = new CopyOnWriteArrayList<>();
        /** The offsets of the chunks of more than 64 KiB sent: the large file's. */
        final List<Long> chunks = new CopyOnWriteArrayList<>();

        Recording(RemoteFolder next) {
            super(next);
        }

        @Override
        public CompletableFuture<Upload> beginUpload(String path, long size, String sha256, long mtimeMillis,
                String replaces) {
            begins.add(path + " " + sha256);
            return super.beginUpload(path, size, sha256, mtimeMillis, replaces);
        }

        @Override
        public CompletableFuture<Void> sendChunk(String upload, long offset, FileChannel file, long position,
                int length, AttachmentSink seen) {
            if (length > 64 * 1024) {
                chunks.add(offset); // the large file's
            }
            return super.sendChunk(upload, offset, file, position, length, seen);
        }

        @Override
        public CompletableFuture<Void> commit(String upload, String keepReplacedAs, String sha256) {
            if (sha256 != null) {
                hashedCommits.add(sha256);
            }
            return super.commit(upload, keepReplacedAs, sha256);
        }
    }

    private Sync sync(RemoteFolder folder) {
        return new Sync(folder, SyncOptions.defaults(), SyncListener.NONE).withWallClock(anHourLater);
    }

    @Test
    void aLargeNewFileIsHashedAsItIsSentAndLandsIdenticalBesideTheSmallOnes() throws Exception {
        String bigHash = Sha256.ofFile(local.resolve("big/image.raw"));
        try (Recording folder = new Recording(new ServerFolder(server.connect()))) {
            SyncSummary summary = sync(folder).push(local);

            assertTrue(summary.complete(), summary.problems().toString());
            assertEquals(3, summary.copied());
            assertTrue(folder.begins.contains("/big/image.raw null"), "begun without its hash: " + folder.begins);
            assertTrue(folder.begins.contains("/small.txt " + Sha256.ofFile(local.resolve("small.txt"))), folder.begins.toString());
            assertEquals(List.of(bigHash), folder.hashedCommits);
        }
        assertEquals(describe(local), describe(share));
        String state = Files.readString(local.resolve(".turnstile/state.txt"));
        assertTrue(state.contains(bigHash), "the base records the hash taken while sending: " + state);
        assertFalse(state.contains("null"), state);

        try (Recording folder = new Recording(new ServerFolder(server.connect()))) {
            SyncSummary again = sync(folder).push(local);

            assertEquals(0, again.copied(), again.line());
            assertEquals(List.of(), folder.chunks);
        }
    }

    @Test
    void aFileChangedWhileItIsSentIsNotCommittedAsAMixButSentAgain() throws Exception {
        Path big = local.resolve("big/image.raw");
        byte[] original = Files.readAllBytes(big);
        try (Recording folder = new Recording(new ServerFolder(server.connect())) {
            private boolean changed;

            @Override
            public CompletableFuture<Void> sendChunk(String upload, long offset, FileChannel file, long position,
                    int length, AttachmentSink seen) {
                CompletableFuture<Void> sent = super.sendChunk(upload, offset, file, position, length, seen);
                if (!changed) {
                    changed = true;
                    // Once the first chunk is out: a byte it held and one still to send change, the
                    // size and the modification time stay. What goes out is neither version.
                    try (RandomAccessFile writer = new RandomAccessFile(big.toFile(), "rw")) {
                        writer.seek(100);
                        writer.write(original[100] ^ 1);
                        writer.seek(BIG - 100);
                        writer.write(original[BIG - 100] ^ 1);
                        Files.setLastModifiedTime(big, FileTime.fromMillis(OLD));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
                return sent;
            }
        }) {
            SyncSummary summary = sync(folder).push(local);

            assertTrue(summary.complete(), summary.problems().toString());
            assertEquals(List.of(), folder.hashedCommits, "the mix was never committed");
            assertTrue(folder.begins.contains("/big/image.raw " + Sha256.ofFile(big)), "sent again, hashed first: "
                    + folder.begins);
        }
        byte[] pushed = Files.readAllBytes(share.resolve("big/image.raw"));
        assertArrayEquals(Files.readAllBytes(big), pushed);
        assertEquals(describe(local), describe(share));
    }

    @Test
    void aStoppedPushOfALargeFileIsResumedByTheNextRunWhichSendsOnlyTheRest() throws Exception {
        Sync[] first = new Sync[1];
        try (Recording folder = new Recording(new ServerFolder(server.connect())) {
            @Override
            public CompletableFuture<Void> sendChunk(String upload, long offset, FileChannel file, long position,
                    int length, AttachmentSink seen) {
                CompletableFuture<Void> sent = super.sendChunk(upload, offset, file, position, length, seen);
                if (offset == 0 && length > 1024) {
                    sent.join();
                    first[0].stop();
                }
                return sent;
            }
        }) {
            first[0] = sync(folder);
            assertThrows(InterruptedIOException.class, () -> first[0].push(local));
        }
        assertTrue(Files.readString(local.resolve(".turnstile/" + UploadRecords.FILE_NAME)).contains("\"sha256\":null"),
                "the upload begun without a hash is recorded");

        try (Recording folder = new Recording(new ServerFolder(server.connect()))) {
            SyncSummary summary = sync(folder).push(local);

            assertTrue(summary.complete(), summary.problems().toString());
            // (In chunks of 1 MiB: a resumed upload does not say whether the server takes attachments.)
            assertEquals(8L * 1024 * 1024, folder.chunks.get(0), "only the bytes the server lacked: " + folder.chunks);
            assertTrue(folder.chunks.stream().allMatch(offset -> offset >= 8L * 1024 * 1024), folder.chunks.toString());
            assertEquals(List.of(Sha256.ofFile(local.resolve("big/image.raw"))), folder.hashedCommits);
        }
        assertEquals(describe(local), describe(share));
    }

    @Test
    void aServerThatNeedsTheHashAtTheBeginningGetsTheFileHashedFirst() throws Exception {
        try (Recording folder = new Recording(new ServerFolder(server.connect())) {
            @Override
            public CompletableFuture<Upload> beginUpload(String path, long size, String sha256, long mtimeMillis,
                    String replaces) {
                // As an older server: a begin without "sha256" is a 400 (here the real server's 400 for a bad one).
                return super.beginUpload(path, size, sha256 == null ? "missing" : sha256, mtimeMillis, replaces);
            }
        }) {
            SyncSummary summary = sync(folder).push(local);

            assertTrue(summary.complete(), summary.problems().toString());
            assertEquals(3, summary.copied());
            assertEquals(List.of(), folder.hashedCommits);
            assertTrue(folder.begins.contains("/big/image.raw " + Sha256.ofFile(local.resolve("big/image.raw"))),
                    folder.begins.toString());
        }
        assertEquals(describe(local), describe(share));
    }
}
