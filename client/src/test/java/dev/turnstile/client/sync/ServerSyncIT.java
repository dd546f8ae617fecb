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

import dev.turnstile.client.FilesServer;
import dev.turnstile.client.TurnstileClient;
import dev.turnstile.filemodel.Sha256;
import dev.turnstile.server.BusyPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull and push through {@link RemoteFolders#over} against a real server with the real files
 * plugin, on a loopback socket: what {@code turnstile-cli pull}/{@code push} do, end to end.
 */
class ServerSyncIT {

    private static final int MIB = 1 << 20;

    @TempDir
    Path temp;

    private FilesServer server;

    private Path share() throws IOException {
        return Files.createDirectories(temp.resolve("share"));
    }

    private Path local() {
        return temp.resolve("local");
    }

    private void start(boolean writable) throws Exception {
        server = FilesServer.start(share(), temp.resolve("data"), writable);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The server's folder, in raw chunks of 1 MiB (as the first reads are), so tests can count them. */
    private RemoteFolder folder() throws Exception {
        return new ServerFolder(server.connect(), MIB, MIB);
    }

    private SyncSummary pull(SyncOptions options) throws Exception {
        try (RemoteFolder folder = folder()) {
            return new Sync(folder, options, SyncListener.NONE).pull(local());
        }
    }

    private SyncSummary push(SyncOptions options) throws Exception {
        try (RemoteFolder folder = folder()) {
            return new Sync(folder, options, SyncListener.NONE).push(local());
        }
    }

    /** @return the server's own listing, as {@link SyncTrees#describe} puts a local folder */
    private SortedMap<String, String> listing() throws Exception {
        SortedMap<String, String> files = new TreeMap<>();
        try (RemoteFolder folder = folder()) {
            for (FileEntry file : RemoteListing.fetch(folder).files().values()) {
                files.put(file.path(), file.size() + " " + file.mtimeMillis() + " " + file.sha256());
            }
        }
        return files;
    }

    /** The standard tree, plus a file of several 1 MiB chunks with a short last one. */
    private void sourceTree(Path root) throws IOException {
        SyncTrees.standard(root);
        write(root, "/media/big.bin", random(2 * MIB + MIB / 2 + 7, 4), OLD + 3000);
    }

    @Test
    void aPullMakesEveryFileEqualToTheServersListing() throws Exception {
        sourceTree(share());
        start(false);

        SyncSummary summary = pull(SyncOptions.defaults());

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(7, summary.copied());
        SortedMap<String, String> listed = listing();
        assertEquals(7, listed.size());
        assertEquals(listed, describe(local()));
        assertEquals(describe(share()), describe(local()));
        assertEquals(List.of(), leftovers(local()));
        assertEquals(0, pull(SyncOptions.defaults()).copied(), "a second pull has nothing to copy");
    }

    @Test
    void changedAddedAndDeletedFilesAtTheSourceAreMirroredByAPullWithDelete() throws Exception {
        sourceTree(share());
        start(false);
        pull(SyncOptions.defaults());
        long seq = server.seq();

        write(share(), "/a.txt", "alpha, longer now");
        write(share(), "/media/big.bin", random(3 * MIB + 1, 5), OLD + 4000);
        write(share(), "/new/ñew.txt", "added");
        Files.delete(share().resolve("docs/b.md"));
        Files.delete(share().resolve("日本/語.txt"));
        Files.delete(share().resolve("日本"));
        server.awaitChanges(seq, List.of("/a.txt", "/media/big.bin", "/new/ñew.txt", "/docs/b.md", "/日本/語.txt", "/日本"));
        SyncSummary summary = pull(SyncOptions.defaults().withDelete(true));

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(3, summary.copied());
        assertEquals(2, summary.deleted());
        assertEquals(listing(), describe(local()));
        assertEquals(describe(share()), describe(local()));
        assertFalse(Files.exists(local().resolve("日本")), "a folder the server no longer has is removed");
        assertEquals(List.of(), leftovers(local()));
    }

    @Test
    void aPushMakesTheWritableServersFolderEqualToTheLocalOne() throws Exception {
        sourceTree(local());
        write(share(), "/stale.txt", "only on the server");
        write(share(), "/a.txt", "the server's older alpha");
        start(true);

        // No push before: what the server has is not known to be older; --force makes it a mirror.
        SyncSummary first = push(SyncOptions.defaults().withDelete(true).withForce(true));

        assertTrue(first.complete(), first.problems().toString());
        assertEquals(7, first.copied());
        assertEquals(1, first.deleted());
        assertEquals(describe(local()), listing());
        assertEquals(describe(local()), describe(share()));

        write(local(), "/docs/b.md", "# bravo, edited");
        write(local(), "/media/big.bin", random(MIB + 3, 6), OLD + 5000);
        Files.delete(local().resolve("ünï/cødé ✓.txt"));
        SyncSummary second = push(SyncOptions.defaults().withDelete(true));

        assertTrue(second.complete(), second.problems().toString());
        assertEquals(2, second.copied());
        assertEquals(1, second.deleted());
        assertEquals(describe(local()), listing());
        assertEquals(describe(local()), describe(share()));
    }

    @Test
    void aPullAndAPushMoveRawChunksOfTheirOwnSizeOnceTheServerOffersThem() throws Exception {
        write(share(), "/pulled.bin", random(9 * MIB + 11, 20), OLD);
        write(local(), "/pushed.bin", random(7 * MIB + 3, 21), OLD);
        start(true);
        List<Integer> uploadChunks = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerFolder raw = new ServerFolder(server.connect(), 2 * MIB, 3 * MIB);
                RemoteFolder watched = new ForwardingRemote(raw) {
                    @Override
                    public CompletableFuture<Void> sendChunk(String upload, long offset,
                            java.nio.channels.FileChannel file, long position, int length,
                            dev.turnstile.client.AttachmentSink seen) {
                        uploadChunks.add(length);
                        return super.sendChunk(upload, offset, file, position, length, seen);
                    }
                }) {
            assertEquals(ServerFolder.READ_CHUNK, raw.maxChunkBytes(), "before the first answer: a size either kind answers whole");
            SyncSummary summary = new Sync(watched, SyncOptions.defaults(), SyncListener.NONE).pull(local());
            assertTrue(summary.complete(), summary.problems().toString());
            assertEquals(2 * MIB, raw.maxChunkBytes(), "the server answered raw chunks");

            Files.delete(local().resolve("pulled.bin"));
            summary = new Sync(watched, SyncOptions.defaults(), SyncListener.NONE).push(local());
            assertTrue(summary.complete(), summary.problems().toString());
        }
        assertEquals(List.of(3 * MIB, 3 * MIB, MIB + 3), uploadChunks, "attachment chunks of at most the client's size");
        assertEquals(describe(local()).get("/pushed.bin"), listing().get("/pushed.bin"));
    }

    @Test
    void aFileEditedUnseenDuringItsPushIsRefusedByTheServersCheckAndSentAgain() throws Exception {
        Path file = write(local(), "/edited.bin", random(3 * MIB, 22), OLD);
        byte[] edited = random(3 * MIB, 23);
        start(true);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        try (RemoteFolder editing = new ForwardingRemote(folder()) {
            @Override
            public CompletableFuture<Void> sendChunk(String upload, long offset, java.nio.channels.FileChannel channel,
                    long position, int length, dev.turnstile.client.AttachmentSink seen) {
                if (offset == MIB && done.compareAndSet(false, true)) {
                    try {
                        // Same size, time put back: only the server's check of the bytes can tell.
                        Files.write(file, edited);
                        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(OLD));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return super.sendChunk(upload, offset, channel, position, length, seen);
            }
        }) {
            SyncSummary summary = new Sync(editing, SyncOptions.defaults().withWindow(1), SyncListener.NONE).push(local());
            assertTrue(summary.complete(), summary.problems().toString());
        }
        assertTrue(done.get());
        assertEquals(describe(local()), listing());
        assertEquals(List.of(), staged(), "the refused upload is gone from the server's staging");
    }

    @Test
    void aPushIntoAReadOnlyServerFailsAndChangesNothing() throws Exception {
        write(share(), "/kept.txt", "the server's");
        sourceTree(local());
        start(false);
        SortedMap<String, String> before = describe(share());

        assertThrows(ReadOnlyFolderException.class, () -> push(SyncOptions.defaults().withDelete(true)));

        assertEquals(before, describe(share()));
        assertEquals(before, listing());
    }

    @Test
    void aPushNeverOverwritesAServerFileThatChangedOrAppearedAfterItsListing() throws Exception {
        write(share(), "/a.txt", "listed version");
        write(local(), "/a.txt", "local version");
        write(local(), "/b.txt", "local b");
        start(true);
        try (RemoteFolder folder = new ForwardingRemote(folder()) {
            @Override
            public CompletableFuture<Upload> beginUpload(String path, long size, String sha256, long mtimeMillis,
                    String replaces) {
                try {
                    // Someone else writes on the server between the listing and the upload.
                    write(share(), path, "written on the server meanwhile");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                return super.beginUpload(path, size, sha256, mtimeMillis, replaces);
            }
        }) {
            SyncSummary summary = new Sync(folder, SyncOptions.defaults(), SyncListener.NONE).push(local());

            assertEquals(0, summary.copied());
            assertEquals(2, summary.failed(), summary.problems().toString());
        }
        assertEquals("written on the server meanwhile", Files.readString(share().resolve("a.txt")));
        assertEquals("written on the server meanwhile", Files.readString(share().resolve("b.txt")));
    }

    @Test
    void aPullWhoseConnectionDropsGoesOnFromWhereItStoppedAndLeavesNoTemporaryFile() throws Exception {
        int size = 6 * MIB + 5;
        write(share(), "/big.bin", random(size, 7), OLD);
        write(share(), "/small.txt", "small");
        start(false);
        SyncOptions options = SyncOptions.defaults().withWindow(2).withCheckpointBytes(MIB);

        TurnstileClient client = server.connect();
        RemoteFolder dropping = ForwardingRemote.atRead(new ServerFolder(client, MIB, MIB), "/big.bin", 4, client::close);
        try (dropping) {
            assertThrows(IOException.class, () -> new Sync(dropping, options, SyncListener.NONE).pull(local()));
        }
        assertFalse(Files.exists(local().resolve("big.bin")), "nothing half written at the target");
        long kept = ResumeRecord.read(local().resolve(".big.bin.turnstile-resume")).goodBytes();
        assertTrue(kept >= MIB, "the chunks that came were kept: " + kept);

        AtomicInteger secondReads = new AtomicInteger();
        try (RemoteFolder counting = new ForwardingRemote(folder()) {
            @Override
            public CompletableFuture<FileEntry> read(String path, long offset, int length, ChunkTarget into) {
                if (path.equals("/big.bin")) {
                    secondReads.incrementAndGet();
                }
                return super.read(path, offset, length, into);
            }
        }) {
            SyncSummary summary = new Sync(counting, options, SyncListener.NONE).pull(local());
            assertTrue(summary.complete(), summary.problems().toString());
        }
        assertEquals(listing(), describe(local()));
        assertEquals((size - kept + MIB - 1) / MIB, secondReads.get(), "only the missing chunks were read");
        assertEquals(List.of(), leftovers(local()));
    }

    @Test
    void aStoppedPullGoesOnFromWhereItStoppedAndLeavesNoTemporaryFile() throws Exception {
        write(share(), "/big.bin", random(5 * MIB, 8), OLD);
        start(false);
        SyncOptions options = SyncOptions.defaults().withWindow(2);
        Sync[] sync = new Sync[1];
        try (RemoteFolder stopping = ForwardingRemote.atRead(folder(), null, 3, () -> sync[0].stop())) {
            sync[0] = new Sync(stopping, options, SyncListener.NONE);
            assertThrows(InterruptedIOException.class, () -> sync[0].pull(local()));
        }
        long kept = ResumeRecord.read(local().resolve(".big.bin.turnstile-resume")).goodBytes();
        assertTrue(kept >= 2L * MIB, "the chunks answered before the stop were kept: " + kept);

        SyncSummary summary = pull(options);

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(listing(), describe(local()));
        assertEquals(List.of(), leftovers(local()));
    }

    /** @return the uploads the server holds in its staging folder */
    private List<Path> staged() throws IOException {
        try (var files = Files.list(temp.resolve("data").resolve("files").resolve("staging"))) {
            return files.toList();
        }
    }

    /** A remote that counts the bytes sent per path, by upload id. */
    private static final class Counting extends ForwardingRemote {

        final java.util.Map<String, String> paths = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> sent =
                new java.util.concurrent.ConcurrentHashMap<>();

        Counting(RemoteFolder next) {
            super(next);
        }

        @Override
        public CompletableFuture<Upload> beginUpload(String path, long size, String sha256, long mtimeMillis,
                String replaces) {
            return super.beginUpload(path, size, sha256, mtimeMillis, replaces).thenApply(upload -> {
                paths.put(upload.id(), path);
                return upload;
            });
        }

        @Override
        public CompletableFuture<Upload> resumeUpload(String upload, String path, long size, String sha256) {
            paths.put(upload, path);
            return super.resumeUpload(upload, path, size, sha256);
        }

        @Override
        public CompletableFuture<Void> sendChunk(String upload, long offset, java.nio.channels.FileChannel file,
                long position, int length, dev.turnstile.client.AttachmentSink seen) {
            sent.computeIfAbsent(paths.get(upload), path -> new java.util.concurrent.atomic.AtomicLong())
                    .addAndGet(length);
            return super.sendChunk(upload, offset, file, position, length, seen);
        }

        long sent(String path) {
            java.util.concurrent.atomic.AtomicLong bytes = sent.get(path);
            return bytes == null ? 0 : bytes.get();
        }
    }

    @Test
    void aStoppedPushGoesOnFromTheServersStagedBytesAndLeavesNothingStaged() throws Exception {
        int size = 5 * MIB + 3;
        write(local(), "/big.bin", random(size, 9), OLD);
        write(local(), "/small.txt", "small");
        start(true);
        SyncOptions options = SyncOptions.defaults().withWindow(2);
        Sync[] sync = new Sync[1];
        AtomicInteger chunks = new AtomicInteger();
        try (RemoteFolder stopping = new ForwardingRemote(folder()) {
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
            assertThrows(InterruptedIOException.class, () -> sync[0].push(local()));
        }
        assertEquals(List.of(), listing().keySet().stream().toList(), "nothing is committed half sent");
        assertEquals(2, staged().size(), "the big upload and the small one begun ahead stay staged");
        assertTrue(Files.exists(local().resolve(".turnstile").resolve(UploadRecords.FILE_NAME)));

        Counting counting = new Counting(folder());
        try (counting) {
            SyncSummary summary = new Sync(counting, options, SyncListener.NONE).push(local());
            assertTrue(summary.complete(), summary.problems().toString());
            assertEquals(2, summary.copied());
        }

        assertEquals(size - 3L * MIB, counting.sent("/big.bin"), "only what the server lacked was sent");
        assertEquals(describe(local()), listing());
        assertEquals(describe(local()), describe(share()));
        assertEquals(List.of(), staged(), "no upload is left in the server's staging");
        assertFalse(Files.exists(local().resolve(".turnstile").resolve(UploadRecords.FILE_NAME)),
                "a finished push leaves no upload record");
        assertEquals(List.of(), leftovers(local()));
    }

    @Test
    void aPushWhoseConnectionDropsGoesOnFromTheServersStagedBytesNextRun() throws Exception {
        int size = 6 * MIB + 5;
        write(local(), "/a-small.txt", "before the big one");
        write(local(), "/big.bin", random(size, 10), OLD);
        write(local(), "/z-small.txt", "after the big one");
        // The next run connects while the server may not have seen the dropped connection close yet:
        // it waits its turn, as a client retrying after the drop would.
        server = FilesServer.start(share(), temp.resolve("data"), true, BusyPolicy.QUEUE);
        SyncOptions options = SyncOptions.defaults().withWindow(2);
        TurnstileClient client = server.connect();
        AtomicInteger chunks = new AtomicInteger();
        RemoteFolder dropping = new ForwardingRemote(new ServerFolder(client, MIB, MIB)) {
            @Override
            public CompletableFuture<Void> sendChunk(String upload, long offset, java.nio.channels.FileChannel file,
                    long position, int length, dev.turnstile.client.AttachmentSink seen) {
                if (length == MIB && chunks.incrementAndGet() == 4) {
                    client.close();
                }
                return super.sendChunk(upload, offset, file, position, length, seen);
            }
        };
        try (dropping) {
            assertThrows(IOException.class, () -> new Sync(dropping, options, SyncListener.NONE).push(local()));
        }
        assertFalse(Files.exists(share().resolve("big.bin")), "nothing half written at the target");

        Counting counting = new Counting(folder());
        try (counting) {
            SyncSummary summary = new Sync(counting, options, SyncListener.NONE).push(local());
            assertTrue(summary.complete(), summary.problems().toString());
        }

        long resent = counting.sent("/big.bin");
        assertTrue(resent <= size - 2L * MIB, "the chunks answered before the drop were kept: sent " + resent);
        assertEquals(describe(local()), listing());
        assertEquals(describe(local()), describe(share()));
        assertEquals(List.of(), staged(), "no upload is left in the server's staging");
        assertFalse(Files.exists(local().resolve(".turnstile").resolve(UploadRecords.FILE_NAME)));
    }

    @Test
    void anUploadRecordedForAFileThatChangedSinceIsAbortedAndTheNewVersionSent() throws Exception {
        write(local(), "/big.bin", random(3 * MIB, 11), OLD);
        start(true);
        SyncOptions options = SyncOptions.defaults().withWindow(1);
        Sync[] sync = new Sync[1];
        try (RemoteFolder stopping = new ForwardingRemote(folder()) {
            @Override
            public CompletableFuture<Void> sendChunk(String upload, long offset, java.nio.channels.FileChannel file,
                    long position, int length, dev.turnstile.client.AttachmentSink seen) {
                sync[0].stop();
                return super.sendChunk(upload, offset, file, position, length, seen);
            }
        }) {
            sync[0] = new Sync(stopping, options, SyncListener.NONE);
            assertThrows(InterruptedIOException.class, () -> sync[0].push(local()));
        }
        assertEquals(1, staged().size());
        write(local(), "/big.bin", random(3 * MIB, 12), OLD + 1000);

        SyncSummary summary = push(options);

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(describe(local()), listing());
        assertEquals(List.of(), staged(), "the stale upload was aborted, the new one committed");
    }

    @Test
    void anUploadIsFoundAgainByItsIdOnlyForTheSameFileAndVersion() throws Exception {
        start(true);
        byte[] content = random(10, 13);
        String sha = Sha256.ofBytes(content);
        String other = Sha256.ofBytes(new byte[10]);
        Upload upload;
        try (RemoteFolder first = folder()) {
            upload = first.beginUpload("/a.bin", 10, sha, OLD, null).get();
            first.sendChunk(upload.id(), 0, java.util.Arrays.copyOf(content, 4)).get();
        }
        try (RemoteFolder second = folder()) {
            assertEquals(new Upload(upload.id(), 4), second.resumeUpload(upload.id(), "/a.bin", 10, sha).get());
            assertCause(RemoteFileChangedException.class, second.resumeUpload(upload.id(), "/b.bin", 10, sha));
            assertCause(RemoteFileChangedException.class, second.resumeUpload(upload.id(), "/a.bin", 11, sha));
            assertCause(RemoteFileChangedException.class, second.resumeUpload(upload.id(), "/a.bin", 10, other));
            assertCause(RemoteFileMissingException.class, second.resumeUpload("0123", "/a.bin", 10, sha));
            second.abort(upload.id()).get();
        }
    }

    private static void assertCause(Class<? extends Throwable> expected, CompletableFuture<?> future) {
        java.util.concurrent.ExecutionException failure =
                assertThrows(java.util.concurrent.ExecutionException.class, future::get);
        assertEquals(expected, failure.getCause().getClass(), String.valueOf(failure.getCause()));
    }

    @Test
    void namesNoUploadCanCarryAreReportedOneByOneAndEverythingElseIsPushed() throws Exception {
        write(local(), "/ok.txt", "fine");
        write(local(), "/.turnstile-upload-0123", "looks like the server's own");
        // A name with a byte that is not UTF-8: Java cannot make one, the shell can.
        Process touch = new ProcessBuilder("sh", "-c", "touch \"$(printf 'bad\\377name')\"")
                .directory(local().toFile()).start();
        assertEquals(0, touch.waitFor());
        start(true);

        SyncSummary summary = push(SyncOptions.defaults());

        assertEquals(List.of("/.turnstile-upload-0123: refused: the path starts with .turnstile-upload-, which the server"
                + " keeps for its unfinished uploads", "/bad\ufffdname: its name is not valid UTF-8, so no request can name it"),
                summary.problems());
        assertEquals(1, summary.copied());
        assertEquals(List.of("/ok.txt"), List.copyOf(listing().keySet()));
    }

    @Test
    void theServersListingIsReadPageByPage() throws Exception {
        for (int i = 0; i < 2 * ServerFolder.PAGE + 3; i++) {
            write(share(), String.format("/many/%02d/f%04d.txt", i % 40, i), "file " + i);
        }
        start(false);

        SyncSummary summary = pull(SyncOptions.defaults());

        assertEquals(2 * ServerFolder.PAGE + 3, summary.copied());
        assertEquals(listing(), describe(local()));
    }
}
