package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.OLD;
import static dev.turnstile.client.sync.SyncTrees.describe;
import static dev.turnstile.client.sync.SyncTrees.random;
import static dev.turnstile.client.sync.SyncTrees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.JsonMaps;
import dev.turnstile.client.Reply;
import dev.turnstile.client.TurnstileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushTest {

    private static final int CHUNK = 4096;

    @TempDir
    Path temp;
    Path server;
    Path staging;
    Path local;
    private final List<LocalFolderRemote> remotes = new ArrayList<>();

    @BeforeEach
    void folders() throws IOException {
        server = Files.createDirectory(temp.resolve("server"));
        staging = Files.createDirectory(temp.resolve("staging"));
        local = Files.createDirectory(temp.resolve("local"));
    }

    @AfterEach
    void closeRemotes() {
        remotes.forEach(LocalFolderRemote::close);
    }

    private LocalFolderRemote remote() {
        LocalFolderRemote remote = new LocalFolderRemote(server, staging, CHUNK, 2);
        remotes.add(remote);
        return remote;
    }

    private SyncSummary push(RemoteFolder remote, SyncOptions options) throws IOException {
        return new Sync(remote, options, SyncListener.NONE).push(local);
    }

    @Test
    void aPushMakesTheServerFolderEqualToTheLocalOne() throws Exception {
        SyncTrees.standard(local);

        SyncSummary summary = push(remote(), SyncOptions.defaults().withWindow(4));

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(6, summary.copied());
        assertEquals(describe(local), describe(server));
        assertEquals(0, staging.toFile().list().length, "no upload is left staged");
    }

    @Test
    void aSecondPushSendsNothingAndWithDeleteRemovesWhatTheLocalFolderLacks() throws Exception {
        SyncTrees.standard(local);
        push(remote(), SyncOptions.defaults());
        write(server, "/server-only.txt", "extra");
        write(local, "/a.txt", "changed locally");
        Files.delete(local.resolve("docs/b.md"));

        SyncSummary summary = push(remote(), SyncOptions.defaults().withDelete(true));

        assertEquals(1, summary.copied());
        assertEquals(1, summary.deleted(), "what the local folder deleted since the last push");
        assertEquals(List.of("/server-only.txt: created on the server since the last sync (or never synced); not"
                + " deleted (--force deletes it)"), summary.problems());
        assertEquals("extra", Files.readString(server.resolve("server-only.txt")));

        SyncSummary forced = push(remote(), SyncOptions.defaults().withDelete(true).withForce(true));
        assertEquals(1, forced.deleted());
        assertEquals(describe(local), describe(server));
    }

    @Test
    void aPushIntoAReadOnlyFolderFailsWithItsOwnErrorAndChangesNothing() throws Exception {
        SyncTrees.standard(local);
        write(server, "/keep.txt", "server's");
        SortedMap<String, String> before = describe(server);

        ReadOnlyFolderException refused = assertThrows(ReadOnlyFolderException.class,
                () -> push(remote().readOnly(true), SyncOptions.defaults().withDelete(true)));

        assertEquals("the shared folder is read-only", refused.getMessage());
        assertEquals(before, describe(server));
    }

    @Test
    void aDryRunPushSendsNothing() throws Exception {
        SyncTrees.standard(local);
        LocalFolderRemote remote = remote();

        SyncSummary summary = push(remote, SyncOptions.defaults().withDryRun(true));

        assertEquals(6, summary.plan().count(SyncPlan.Kind.COPY));
        assertEquals(0, server.toFile().list().length);
        assertEquals(1, remote.maxInFlight(), "only the listing was asked for");
    }

    @Test
    void anInterruptedUploadGoesOnFromWhatTheServerHolds() throws Exception {
        byte[] big = random(64 * 1024, 11);
        write(local, "/big.bin", big, OLD);
        int[] sends = {0};
        RemoteFolder dropping = new ForwardingRemote(remote()) {
            @Override
            public CompletableFuture<Void> sendChunk(String upload, long offset, java.nio.channels.FileChannel file,
                    long position, int length, dev.turnstile.client.AttachmentSink seen) {
                if (++sends[0] > 5) {
                    return CompletableFuture.failedFuture(new IOException("the server closed the connection"));
                }
                return super.sendChunk(upload, offset, file, position, length, seen);
            }
        };
        assertThrows(IOException.class, () -> push(dropping, SyncOptions.defaults().withWindow(1)));
        assertEquals(0, server.toFile().list().length, "nothing appears before the commit");

        int[] resent = {0};
        RemoteFolder counting = new ForwardingRemote(remote()) {
            @Override
            public CompletableFuture<Void> sendChunk(String upload, long offset, java.nio.channels.FileChannel file,
                    long position, int length, dev.turnstile.client.AttachmentSink seen) {
                resent[0]++;
                return super.sendChunk(upload, offset, file, position, length, seen);
            }
        };
        SyncSummary summary = push(counting, SyncOptions.defaults());

        assertEquals(1, summary.copied());
        assertEquals(16 - 5, resent[0], "only what the server lacked was sent");
        assertEquals(describe(local), describe(server));
    }

    @Test
    void aLocalFileThatChangesDuringItsUploadIsSentAgainAndNeverCommittedHalfNew() throws Exception {
        write(local, "/f.bin", random(40_000, 12), OLD);
        byte[] changed = random(40_000, 13);
        boolean[] done = {false};
        RemoteFolder changing = new ForwardingRemote(remote()) {
            @Override
            public CompletableFuture<Void> sendChunk(String upload, long offset, java.nio.channels.FileChannel file,
                    long position, int length, dev.turnstile.client.AttachmentSink seen) {
                if (offset == 2L * CHUNK && !done[0]) {
                    done[0] = true;
                    try {
                        write(local, "/f.bin", changed, OLD + 9);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return super.sendChunk(upload, offset, file, position, length, seen);
            }
        };

        SyncSummary summary = push(changing, SyncOptions.defaults().withWindow(1));

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(describe(local), describe(server));
        assertEquals(0, staging.toFile().list().length);
    }

    @Test
    void aSameSizeEditWithItsTimePutBackDuringTheUploadIsRefusedByTheServerAndSentAgain() throws Exception {
        Path file = write(local, "/f.bin", random(40_000, 14), OLD);
        byte[] edited = random(40_000, 15);
        boolean[] done = {false};
        int[] commits = {0};
        RemoteFolder editing = new ForwardingRemote(remote()) {
            @Override
            public CompletableFuture<Void> sendChunk(String upload, long offset, java.nio.channels.FileChannel channel,
                    long position, int length, dev.turnstile.client.AttachmentSink seen) {
                if (offset == 2L * CHUNK && !done[0]) {
                    done[0] = true;
                    try {
                        // Only the content moves: the push's own look after sending sees nothing.
                        Files.write(file, edited);
                        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(OLD));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return super.sendChunk(upload, offset, channel, position, length, seen);
            }

            @Override
            public CompletableFuture<Void> commit(String upload) {
                commits[0]++;
                return super.commit(upload);
            }
        };

        SyncSummary summary = push(editing, SyncOptions.defaults().withWindow(1));

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(2, commits[0], "the first commit was refused for bytes other than announced");
        assertEquals(describe(local), describe(server));
        assertEquals(0, staging.toFile().list().length);
    }

    @Test
    void aLinkInTheLocalFolderIsNotPushedAndNotFollowed() throws Exception {
        Path outside = Files.createDirectory(temp.resolve("outside"));
        write(outside, "/secret.txt", "not to be shared");
        Files.createSymbolicLink(local.resolve("out"), outside);
        write(local, "/ok.txt", "fine");

        SyncSummary summary = push(remote(), SyncOptions.defaults());

        assertEquals(List.of("/ok.txt"), List.copyOf(describe(server).keySet()));
        assertEquals(1, summary.plan().count(SyncPlan.Kind.IGNORED));
        assertTrue(summary.complete());
    }

    @Test
    void anOlderServerWithoutFolderUrlsLeavesFoldersAloneWithoutAWord() throws Exception {
        write(local, "/a.txt", "alpha");
        Files.createDirectories(local.resolve("empty/inside"));
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        RemoteFolder older = new ForwardingRemote(remote()) {
            @Override
            public CompletableFuture<Boolean> makeFolder(String path, int mode) {
                asked.add(path);
                String line = "{\"code\":400,\"error\":\"unknown url /make_folder\"}";
                return CompletableFuture.failedFuture(new TurnstileException(new Reply(400, JsonMaps.parseObject(line), line)));
            }
        };

        SyncSummary summary = push(older, SyncOptions.defaults().withDelete(true));

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(List.of("/empty"), asked, "one depth asked, then nothing more");
        assertEquals(List.of("/a.txt"), List.copyOf(describe(server).keySet()));
    }

    @Test
    void aFolderWithoutFolderRequestsIsLeftAsItIsToo() throws Exception {
        Files.createDirectories(local.resolve("empty"));

        SyncSummary summary = push(remote(), SyncOptions.defaults().withDelete(true));

        assertTrue(summary.complete(), summary.problems().toString());
        assertTrue(Files.notExists(server.resolve("empty")), "the test's remote has no folder requests");
    }

    @Test
    void aPathTheServerRefusesWithA400IsReportedAndTheRestIsPushed() throws Exception {
        write(local, "/odd.txt", "odd");
        write(local, "/ok.txt", "fine");
        RemoteFolder refusing = new ForwardingRemote(remote()) {
            @Override
            public CompletableFuture<Upload> beginUpload(String path, long size, String sha256, long mtimeMillis,
                    String replaces) {
                if (!path.equals("/odd.txt")) {
                    return super.beginUpload(path, size, sha256, mtimeMillis, replaces);
                }
                String line = "{\"code\":400,\"error\":\"path \\\"/odd.txt\\\" is odd\"}";
                return CompletableFuture.failedFuture(new TurnstileException(new Reply(400, JsonMaps.parseObject(line), line)));
            }
        };

        SyncSummary summary = push(refusing, SyncOptions.defaults());

        assertEquals(1, summary.problems().size(), summary.problems().toString());
        assertTrue(summary.problems().get(0).startsWith("/odd.txt: the server refused the upload: "), summary.problems().get(0));
        assertEquals(List.of("/ok.txt"), List.copyOf(describe(server).keySet()));
    }

    @Test
    void anUploadRefusedInABatchIsReportedByItsPathAndAbortedWhileTheOthersLand() throws Exception {
        write(local, "/a.txt", "changed on both sides");
        write(local, "/b.txt", "next");
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.Map<String, String> paths = new java.util.concurrent.ConcurrentHashMap<>();
        RemoteFolder conflicting = new ForwardingRemote(remote()) {
            @Override
            public CompletableFuture<Upload> beginUpload(String path, long size, String sha256, long mtimeMillis,
                    String replaces) {
                return super.beginUpload(path, size, sha256, mtimeMillis, replaces).thenApply(upload -> {
                    paths.put(upload.id(), path);
                    return upload;
                });
            }

            @Override
            public CompletableFuture<Void> sendChunk(String upload, long offset, java.nio.channels.FileChannel file,
                    long position, int length, dev.turnstile.client.AttachmentSink seen) {
                calls.add("chunk " + paths.get(upload));
                return super.sendChunk(upload, offset, file, position, length, seen);
            }

            @Override
            public CompletableFuture<Void> commit(String upload) {
                if (paths.get(upload).equals("/a.txt")) {
                    calls.add("commit refused " + paths.get(upload));
                    return CompletableFuture.failedFuture(new RemoteFileChangedException("/a.txt changed"));
                }
                calls.add("commit " + paths.get(upload));
                return super.commit(upload);
            }

            @Override
            public CompletableFuture<Void> abort(String upload) {
                calls.add("abort " + paths.get(upload));
                return super.abort(upload);
            }
        };

        SyncSummary summary = push(conflicting, SyncOptions.defaults());

        assertEquals(List.of("/a.txt: the server refused the upload: /a.txt changed"), summary.problems());
        assertEquals(List.of("chunk /a.txt", "chunk /b.txt", "commit refused /a.txt", "commit /b.txt", "abort /a.txt"),
                calls, "both committed in one batch; the refused one aborted");
        assertEquals(List.of("/b.txt"), List.copyOf(describe(server).keySet()));
        try (var staged = Files.list(staging)) {
            assertEquals(List.of(), staged.toList(), "nothing is left staged");
        }
    }

    @Test
    void aLocalNameTheServerWouldRefuseIsReportedAndTheRestIsPushed() throws Exception {
        write(local, "/back\\slash.txt", "no");
        write(local, "/ok.txt", "fine");

        SyncSummary summary = push(remote(), SyncOptions.defaults());

        assertEquals(List.of("/back\\slash.txt: refused: the path must not hold a backslash"), summary.problems());
        assertEquals(List.of("/ok.txt"), List.copyOf(describe(server).keySet()));
    }

    @Test
    void smallFilesAreCommittedInBatchesAndALargeFileSendsTheBatchBeforeIt() throws Exception {
        for (int i = 0; i < 40; i++) {
            write(local, String.format("/a/%02d.txt", i), "small " + i);
        }
        write(local, "/b/large.bin", random(3 * CHUNK, 21), OLD);
        for (int i = 0; i < 3; i++) {
            write(local, "/c/" + i + ".txt", "after " + i);
        }
        List<Integer> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Integer> commitsBeforeLargeChunk = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.Map<String, String> paths = new java.util.concurrent.ConcurrentHashMap<>();
        int[] committedSoFar = {0};
        RemoteFolder counting = new ForwardingRemote(remote()) {
            @Override
            public CompletableFuture<Upload> beginUpload(String path, long size, String sha256, long mtimeMillis,
                    String replaces) {
                return super.beginUpload(path, size, sha256, mtimeMillis, replaces).thenApply(upload -> {
                    paths.put(upload.id(), path);
                    return upload;
                });
            }

            @Override
            public CompletableFuture<Void> sendChunk(String upload, long offset, java.nio.channels.FileChannel file,
                    long position, int length, dev.turnstile.client.AttachmentSink seen) {
                if (paths.get(upload).equals("/b/large.bin") && offset == 0) {
                    commitsBeforeLargeChunk.add(committedSoFar[0]);
                }
                return super.sendChunk(upload, offset, file, position, length, seen);
            }

            @Override
            public CompletableFuture<java.util.Map<String, IOException>> commitAll(List<String> uploads) {
                batches.add(uploads.size());
                committedSoFar[0] += uploads.size();
                return super.commitAll(uploads);
            }
        };

        SyncSummary summary = push(counting, SyncOptions.defaults());

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(44, summary.copied());
        assertEquals(describe(local), describe(server));
        assertEquals(List.of(CommitBatches.MAX_FILES, 40 - CommitBatches.MAX_FILES, 1 + 3), batches,
                "a full batch, the rest sent before the large file, which is committed with the files after it");
        assertEquals(List.of(40), commitsBeforeLargeChunk, "no small file waits behind the large one");
    }
}
