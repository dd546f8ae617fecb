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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PullTest {

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
        local = temp.resolve("local");
    }

    @AfterEach
    void closeRemotes() {
        remotes.forEach(LocalFolderRemote::close);
    }

    private LocalFolderRemote remote() {
        LocalFolderRemote remote = new LocalFolderRemote(server, staging, CHUNK, 3);
        remotes.add(remote);
        return remote;
    }

    private SyncSummary pull(RemoteFolder remote, SyncOptions options) throws IOException {
        return new Sync(remote, options, SyncListener.NONE).pull(local);
    }

    private SyncSummary pull(SyncOptions options) throws IOException {
        return pull(remote(), options);
    }

    @Test
    void aPullCopiesEveryFileWithItsSizeTimeAndHashAndLeavesNoTemporaryFile() throws Exception {
        SyncTrees.standard(server);
        // The first read is answered only once a second one was sent: a pull that waited for each
        // answer before sending the next request fails here instead of passing by luck.
        CountDownLatch twoSent = new CountDownLatch(2);
        LocalFolderRemote remote = remote().onReadSent(twoSent::countDown);
        remote.beforeRead((path, offset) -> {
            if (remote.reads() == 1 && !awaitQuietly(twoSent)) {
                throw new IllegalStateException("the pull sent no second read while the first was unanswered");
            }
        });

        SyncSummary summary = pull(remote, SyncOptions.defaults().withWindow(8));

        assertEquals(describe(server), describe(local));
        assertEquals(6, summary.copied());
        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(50_000 + 5 + 7 + 9 + 4096 + "non-ASCII".length() - 9, summary.bytes());
        assertEquals(List.of(), leftovers(local));
        assertTrue(remote.maxInFlight() > 1, "chunk reads were pipelined");
        assertTrue(remote.maxInFlight() <= 8, "never more than the window in flight: " + remote.maxInFlight());
        assertTrue(Files.exists(local.resolve(".turnstile/hashes.txt")));
    }

    /** A bound on a wait that a working pull ends at once; only a broken one reaches it. */
    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void aSecondPullOfAnUnchangedTreeSkipsEverythingAndReadsNoChunk() throws Exception {
        SyncTrees.standard(server);
        pull(SyncOptions.defaults());
        LocalFolderRemote again = remote();

        SyncSummary summary = pull(again, SyncOptions.defaults());

        assertEquals(0, summary.copied());
        assertEquals(6, summary.skipped());
        assertEquals(0, again.reads());
    }

    @Test
    void aSameSizeLocalEditWithItsTimePutBackIsNotHiddenByTheCache() throws Exception {
        write(server, "/a.txt", "alpha");
        pull(SyncOptions.defaults());
        Path copy = local.resolve("a.txt");
        FileStat pulled = FileStat.read("/a.txt", copy);
        assumeTrue(pulled.hasCtime(), "a platform with change times");
        // Same size, same modification time, other bytes: the change time tells (once the edit
        // lands in a later tick of the file system's clock than the pull's own look: bounded tries).
        for (int i = 0; i < 100_000 && FileStat.read("/a.txt", copy).ctimeNanos() == pulled.ctimeNanos(); i++) {
            Files.writeString(copy, "ALPHA");
            Files.setLastModifiedTime(copy, FileTime.fromMillis(OLD));
        }

        SyncSummary summary = pull(SyncOptions.defaults());

        assertEquals(List.of("/a.txt: changed here since the last sync; not overwritten (push sends it; --force"
                + " overwrites it)"), summary.problems(), "hashed again, and the local edit found and kept");
        assertEquals("ALPHA", Files.readString(copy));
        assertEquals(1, pull(SyncOptions.defaults().withForce(true)).copied());
        assertEquals("alpha", Files.readString(copy));
        assertEquals(1, pull(SyncOptions.defaults()).skipped(), "and then taken from the cache");
    }

    @Test
    void changedAddedAndDeletedFilesAtTheSourceAreMirroredByTheNextPullWithDelete() throws Exception {
        SyncTrees.standard(server);
        pull(SyncOptions.defaults());
        write(server, "/a.txt", "alpha, longer now");
        write(server, "/deep/x/y/z.bin", random(50_000, 9), OLD + 1000);
        write(server, "/new/n.txt", "new");
        Files.delete(server.resolve("docs/b.md"));
        Files.setLastModifiedTime(server.resolve("empty.bin"), FileTime.fromMillis(OLD + 5000));
        Files.createDirectories(local.resolve("my-empty-folder"));

        SyncSummary summary = pull(SyncOptions.defaults().withDelete(true));

        assertEquals(describe(server), describe(local));
        assertEquals(3, summary.copied());
        assertEquals(1, summary.touched());
        assertEquals(1, summary.deleted());
        assertFalse(Files.exists(local.resolve("docs")), "a folder emptied by the deletions goes too");
        assertTrue(Files.isDirectory(local.resolve("my-empty-folder")),
                "the listing holds only files: a local empty folder is not something the source lacks");
        assertFalse(Files.exists(local.resolve("empty-folder")), "nor is the server's empty folder listed");
    }

    @Test
    void withoutDeleteFilesTheSourceLacksStay() throws Exception {
        write(server, "/a.txt", "alpha");
        write(local, "/mine.txt", "mine");

        SyncSummary summary = pull(SyncOptions.defaults());

        assertEquals("mine", Files.readString(local.resolve("mine.txt")));
        assertEquals(0, summary.deleted());
    }

    @Test
    void aDryRunChangesNothingAndSaysWhatWouldChange() throws Exception {
        SyncTrees.standard(server);
        write(local, "/a.txt", "old");
        write(local, "/extra.txt", "extra");
        SortedMap<String, String> before = describe(local);
        LocalFolderRemote remote = remote();

        SyncSummary summary = pull(remote, SyncOptions.defaults().withDryRun(true).withDelete(true).withForce(true));

        assertEquals(before, describe(local));
        assertFalse(Files.exists(local.resolve(".turnstile")), "not even the hash cache is written");
        assertEquals(0, remote.reads());
        assertTrue(summary.dryRun());
        assertEquals(6, summary.plan().count(SyncPlan.Kind.COPY));
        assertTrue(summary.plan().describe().contains("delete /extra.txt"), summary.plan().describe().toString());
        assertTrue(summary.plan().describe().contains("copy /a.txt (5 bytes)"), summary.plan().describe().toString());
        assertTrue(summary.line().startsWith("dry run: would copy 6,"), summary.line());
    }

    @Test
    void aDryRunIntoAMissingFolderCreatesNothing() throws Exception {
        SyncTrees.standard(server);

        SyncSummary summary = pull(SyncOptions.defaults().withDryRun(true));

        assertFalse(Files.exists(local));
        assertEquals(6, summary.plan().count(SyncPlan.Kind.COPY));
    }

    @Test
    void anInterruptedPullGoesOnFromTheRecordedBytesAndLeavesNoTemporaryFile() throws Exception {
        byte[] big = random(64 * 1024, 3);
        write(server, "/big.bin", big, OLD);
        SyncOptions options = SyncOptions.defaults().withWindow(4).withCheckpointBytes(4 * CHUNK);

        IOException dropped = assertThrows(IOException.class, () -> pull(remote().dropAfterReads(9), options));
        assertTrue(dropped.getMessage().contains("closed the connection"), dropped.getMessage());
        assertFalse(Files.exists(local.resolve("big.bin")), "nothing half written at the target");
        Path part = local.resolve(".big.bin.turnstile-part");
        Path resume = local.resolve(".big.bin.turnstile-resume");
        assertTrue(Files.exists(part) && Files.exists(resume), "the next run can go on");
        long kept = ResumeRecord.read(resume).goodBytes();
        assertEquals(9 * CHUNK, kept, "the nine chunks that came were kept");

        LocalFolderRemote second = remote();
        pull(second, options);

        assertEquals(describe(server), describe(local));
        assertEquals((big.length - kept) / CHUNK, second.reads(), "only the missing chunks were read");
        assertEquals(List.of(), leftovers(local));
    }

    @Test
    void aStoppedPullRecordsEveryByteItWroteAndTheNextRunGoesOnFromThere() throws Exception {
        write(server, "/big.bin", random(64 * 1024, 3), OLD);
        // A record every 1 MiB: only the stop itself can record the bytes of this small file.
        SyncOptions options = SyncOptions.defaults().withWindow(2).withCheckpointBytes(1 << 20);
        Sync[] sync = new Sync[1];
        LocalFolderRemote remote = remote().beforeRead((path, offset) -> {
            if (offset == 6L * CHUNK) {
                sync[0].stop();
            }
        });
        sync[0] = new Sync(remote, options, SyncListener.NONE);

        assertThrows(java.io.InterruptedIOException.class, () -> sync[0].pull(local));

        long kept = ResumeRecord.read(local.resolve(".big.bin.turnstile-resume")).goodBytes();
        assertEquals(Files.size(local.resolve(".big.bin.turnstile-part")), kept);
        assertTrue(kept >= 6 * CHUNK, "the chunks answered before the stop were kept: " + kept);
        LocalFolderRemote second = remote();
        pull(second, options);
        assertEquals(describe(server), describe(local));
        assertEquals((64 * 1024 - kept) / CHUNK, second.reads());
        assertEquals(List.of(), leftovers(local));
    }

    @Test
    void aResumeRecordWhoseTemporaryFileIsGoneIsNotUsedAndLeftNowhere() throws Exception {
        write(server, "/big.bin", random(64 * 1024, 3), OLD);
        SyncOptions options = SyncOptions.defaults().withWindow(2).withCheckpointBytes(CHUNK);
        assertThrows(IOException.class, () -> pull(remote().dropAfterReads(5), options));
        Files.delete(local.resolve(".big.bin.turnstile-part"));
        assertTrue(Files.exists(local.resolve(".big.bin.turnstile-resume")));

        LocalFolderRemote second = remote();
        pull(second, options);

        assertEquals(describe(server), describe(local));
        assertEquals(16, second.reads(), "every chunk again");
        assertEquals(List.of(), leftovers(local));
    }

    @Test
    void keptBytesThatNoLongerHashAsRecordedAreFetchedAgain() throws Exception {
        write(server, "/big.bin", random(64 * 1024, 3), OLD);
        SyncOptions options = SyncOptions.defaults().withWindow(2).withCheckpointBytes(CHUNK);
        assertThrows(IOException.class, () -> pull(remote().dropAfterReads(5), options));
        Path part = local.resolve(".big.bin.turnstile-part");
        byte[] damaged = Files.readAllBytes(part);
        damaged[10] ^= 1;
        Files.write(part, damaged);

        LocalFolderRemote second = remote();
        pull(second, options);

        assertEquals(describe(server), describe(local));
        assertEquals(16, second.reads(), "every chunk again");
    }

    @Test
    void anInterruptedPullWhoseSourceChangedMeanwhileStartsThatFileOver() throws Exception {
        write(server, "/big.bin", random(64 * 1024, 3), OLD);
        SyncOptions options = SyncOptions.defaults().withWindow(4).withCheckpointBytes(CHUNK);
        assertThrows(IOException.class, () -> pull(remote().dropAfterReads(6), options));
        write(server, "/big.bin", random(64 * 1024, 4), OLD + 1);

        LocalFolderRemote second = remote();
        pull(second, options);

        assertEquals(describe(server), describe(local));
        assertEquals(16, second.reads());
        assertEquals(List.of(), leftovers(local));
    }

    @Test
    void aFileThatChangesAtTheSourceDuringItsTransferIsFetchedAgainWhole() throws Exception {
        write(server, "/big.bin", random(40_000, 5), OLD);
        byte[] changed = random(40_000, 6);
        LocalFolderRemote remote = remote().beforeRead((path, offset) -> {
            try {
                if (offset == 3L * CHUNK && !Files.readAllBytes(server.resolve("big.bin")).equals(changed)
                        && Files.getLastModifiedTime(server.resolve("big.bin")).toMillis() == OLD) {
                    write(server, "/big.bin", changed, OLD + 7);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        SyncSummary summary = pull(remote, SyncOptions.defaults().withWindow(4));

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(describe(server), describe(local));
        assertEquals(List.of(), leftovers(local));
    }

    @Test
    void aFileThatKeepsChangingIsReportedAndNeverLeftHalfOldHalfNew() throws Exception {
        write(server, "/busy.bin", random(20_000, 7), OLD);
        write(local, "/busy.bin", "the old copy");
        long[] tick = {OLD};
        LocalFolderRemote remote = remote().beforeRead((path, offset) -> {
            try {
                if (offset == CHUNK) {
                    write(server, "/busy.bin", random(20_000, tick[0]), ++tick[0]);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        SyncSummary summary = pull(remote, SyncOptions.defaults().withWindow(2).withAttempts(3));

        assertEquals(1, summary.failed());
        assertTrue(summary.problems().get(0).startsWith("/busy.bin: kept changing on the server"),
                summary.problems().toString());
        assertEquals("the old copy", Files.readString(local.resolve("busy.bin")));
        assertEquals(List.of(), leftovers(local));
    }

    @Test
    void aFileDeletedAtTheSourceDuringThePullIsReportedAndTheRestIsCopied() throws Exception {
        write(server, "/a.txt", "alpha");
        write(server, "/b.txt", "bravo");
        LocalFolderRemote remote = remote().beforeRead((path, offset) -> {
            if (path.equals("/a.txt")) {
                server.resolve("a.txt").toFile().delete();
            }
        });

        SyncSummary summary = pull(remote, SyncOptions.defaults());

        assertEquals(List.of("/a.txt: vanished from the server during the transfer"), summary.problems());
        assertEquals("bravo", Files.readString(local.resolve("b.txt")));
        assertFalse(Files.exists(local.resolve("a.txt")));
    }

    @Test
    void aLinkInTheLocalFolderIsNeverFollowedOutOfIt() throws Exception {
        Path outside = Files.createDirectory(temp.resolve("outside"));
        Files.createDirectories(local);
        Files.createSymbolicLink(local.resolve("out"), outside);
        write(server, "/out/f.txt", "would escape");
        write(server, "/ok.txt", "fine");

        SyncSummary summary = pull(SyncOptions.defaults());

        assertEquals(0, outside.toFile().list().length, "nothing was written through the link");
        assertEquals(1, summary.failed());
        assertTrue(summary.problems().get(0).contains("symbolic link"), summary.problems().toString());
        assertEquals("fine", Files.readString(local.resolve("ok.txt")));

        SyncSummary deleting = pull(SyncOptions.defaults().withDelete(true));
        assertTrue(deleting.complete(), deleting.problems().toString());
        assertTrue(Files.isDirectory(local.resolve("out"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals(0, outside.toFile().list().length, "the link was removed, not what it pointed to");
    }

    @Test
    void pathsThatCouldLeaveTheLocalFolderAreRefusedEvenWhenAServerSendsThem() throws Exception {
        String sha = Sha256.ofBytes("x".getBytes());
        List<FileEntry> evil = List.of(new FileEntry("/../escape.txt", 1, OLD, sha),
                new FileEntry("/a\\..\\b", 1, OLD, sha), new FileEntry("relative.txt", 1, OLD, sha),
                new FileEntry("/x/./y", 1, OLD, sha), new FileEntry("/.turnstile/hashes.jsonl", 1, OLD, sha),
                new FileEntry("/nul\u0000.txt", 1, OLD, sha), new FileEntry("/fine.txt", 1, OLD, sha));
        write(server, "/fine.txt", "x");
        LocalFolderRemote real = remote();
        RemoteFolder lying = new ForwardingRemote(real) {
            @Override
            public java.util.concurrent.CompletableFuture<ListingPage> list(String cursor) {
                return java.util.concurrent.CompletableFuture.completedFuture(new ListingPage(evil, null));
            }
        };

        SyncSummary summary = pull(lying, SyncOptions.defaults());

        assertEquals(6, summary.failed(), summary.problems().toString());
        assertEquals(1, summary.copied());
        assertFalse(Files.exists(temp.resolve("escape.txt")));
        assertEquals(List.of("/fine.txt"), List.copyOf(describe(local).keySet()));
    }

    @Test
    void linksPlantedInTheStateFolderAreReplacedNeverWrittenThrough() throws Exception {
        SyncTrees.standard(server);
        Path outside = Files.writeString(temp.resolve("outside.txt"), "precious");
        Path state = Files.createDirectories(local.resolve(".turnstile"));
        for (String name : List.of("hashes.txt", "hashes.txt.tmp", "hashes.jsonl", "hashes.jsonl.new", "temporaries.txt",
                "temporaries.txt.tmp", "uploads.jsonl", "uploads.jsonl.tmp")) {
            Files.createSymbolicLink(state.resolve(name), outside);
        }

        SyncSummary summary = pull(SyncOptions.defaults().withCheckpointBytes(CHUNK));
        SyncSummary again = pull(SyncOptions.defaults());

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals("precious", Files.readString(outside));
        assertEquals(describe(server), describe(local));
        assertEquals(6, again.skipped());
        assertTrue(Files.isRegularFile(state.resolve("hashes.txt"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "the link at the cache's name was replaced by the cache");
    }

    @Test
    void aStateFolderThatIsALinkIsRefusedAndNothingIsWrittenWhereItLeads() throws Exception {
        write(server, "/a.txt", "alpha");
        Path outside = Files.createDirectory(temp.resolve("outside"));
        Files.createDirectories(local);
        Files.createSymbolicLink(local.resolve(".turnstile"), outside);

        LocalFolderException refused = assertThrows(LocalFolderException.class, () -> pull(SyncOptions.defaults()));
        assertThrows(LocalFolderException.class, () -> pull(SyncOptions.defaults().withDryRun(true)));
        assertThrows(LocalFolderException.class, () -> new Sync(remote(), SyncOptions.defaults(), SyncListener.NONE)
                .push(local));

        assertTrue(refused.getMessage().startsWith(local.toRealPath().resolve(".turnstile") + " is a symbolic link"),
                refused.getMessage());
        assertEquals(0, outside.toFile().list().length);
        assertFalse(Files.exists(local.resolve("a.txt")));
    }

    @Test
    void aLinkPlantedAtATemporaryFilesNameIsLeftAloneAndTheFileReported() throws Exception {
        write(server, "/a.txt", "alpha");
        write(server, "/b.txt", "bravo");
        Path outside = Files.writeString(temp.resolve("outside.txt"), "precious");
        Files.createDirectories(local);
        Files.createSymbolicLink(local.resolve(".a.txt.turnstile-part"), outside);
        Files.createSymbolicLink(local.resolve(".b.txt.turnstile-resume"), outside);

        SyncSummary summary = pull(SyncOptions.defaults().withDelete(true));

        assertEquals("precious", Files.readString(outside));
        String notMade = ": has the name of the sync's temporary files (*.turnstile-part, *.turnstile-resume) but the sync"
                + " did not make it; it is left alone, not synced";
        String inTheWay = ", where it keeps its temporary copy; move it away to sync this file";
        assertEquals(List.of("/.a.txt.turnstile-part" + notMade, "/.b.txt.turnstile-resume" + notMade,
                "/a.txt: a file the sync did not make stands at /.a.txt.turnstile-part" + inTheWay,
                "/b.txt: a file the sync did not make stands at /.b.txt.turnstile-resume" + inTheWay), summary.problems());
        assertTrue(Files.isSymbolicLink(local.resolve(".a.txt.turnstile-part")), "not the sync's to delete");
        assertTrue(Files.isSymbolicLink(local.resolve(".b.txt.turnstile-resume")), "not even with --delete");
    }

    @Test
    void aUsersOwnFilesNamedLikeTheSyncsTemporaryFilesAreReportedNeverDeleted() throws Exception {
        write(server, "/a.txt", "alpha");
        write(local, "/notes.turnstile-part", "my notes");
        write(local, "/docs/.report.turnstile-resume", "my report");

        SyncSummary summary = pull(SyncOptions.defaults().withDelete(true));

        assertEquals("my notes", Files.readString(local.resolve("notes.turnstile-part")));
        assertEquals("my report", Files.readString(local.resolve("docs/.report.turnstile-resume")));
        assertEquals("alpha", Files.readString(local.resolve("a.txt")));
        String why = ": has the name of the sync's temporary files (*.turnstile-part, *.turnstile-resume) but the sync"
                + " did not make it; it is left alone, not synced";
        assertEquals(List.of("/docs/.report.turnstile-resume" + why, "/notes.turnstile-part" + why), summary.problems());
        SyncSummary pushed = new Sync(remote(), SyncOptions.defaults(), SyncListener.NONE).push(local);
        assertEquals(2, pushed.failed(), "nor pushed: " + pushed.problems());
        assertFalse(Files.exists(server.resolve("notes.turnstile-part")));
    }

    @Test
    void theSyncsOwnLeftoversOfAnEarlierRunAreSweptButOnlyThose() throws Exception {
        write(server, "/big.bin", random(64 * 1024, 3), OLD);
        SyncOptions options = SyncOptions.defaults().withWindow(2).withCheckpointBytes(CHUNK);
        assertThrows(IOException.class, () -> pull(remote().dropAfterReads(5), options));
        Files.delete(server.resolve("big.bin"));
        write(local, "/.mine.turnstile-part", "mine");

        pull(SyncOptions.defaults());

        assertEquals(List.of(local.resolve(".mine.turnstile-part")), leftovers(local));
        assertFalse(Files.exists(local.resolve(".turnstile/temporaries.txt")), "nothing of the sync's is left to record");
    }

    @Test
    void bytesChangedInTheTemporaryFileByAnotherProgramAreCaughtAndTheFileFetchedAgain() throws Exception {
        // Same size, a moment after the pull's own write: only the change time tells.
        assumeTrue(SyncTrees.fineGrainedChangeTimes(temp), "the file system's change times are too coarse");
        byte[] content = random(64 * 1024, 3);
        write(server, "/big.bin", content, OLD);
        Path part = local.resolve(".big.bin.turnstile-part");
        boolean[] changed = {false};
        // Window 1: when the ninth read is sent, the first eight chunks are written, and the change
        // below lands on bytes the pull already has.
        LocalFolderRemote remote = remote().beforeRead((path, offset) -> {
            if (offset == 8L * CHUNK && !changed[0]) {
                changed[0] = true;
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(part,
                        java.nio.file.StandardOpenOption.WRITE)) {
                    channel.write(java.nio.ByteBuffer.wrap("someone else".getBytes()), 100);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });

        SyncSummary summary = pull(remote, SyncOptions.defaults().withWindow(1));

        assertTrue(changed[0]);
        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(describe(server), describe(local));
        assertEquals(32, remote.reads(), "fetched again whole");
        assertEquals(List.of(), leftovers(local));
    }

    @Test
    void aPathsControlCharactersAreEscapedInEveryProblemLine() throws Exception {
        String sha = Sha256.ofText("x");
        LocalFolderRemote real = remote();
        RemoteFolder lying = new ForwardingRemote(real) {
            @Override
            public java.util.concurrent.CompletableFuture<ListingPage> list(String cursor) {
                return java.util.concurrent.CompletableFuture.completedFuture(new ListingPage(
                        List.of(new FileEntry("/evil\n\u001b[2J.txt", 1, OLD, sha)), null));
            }
        };

        SyncSummary summary = pull(lying, SyncOptions.defaults());

        assertEquals(List.of("/evil\\u000a\\u001b[2J.txt: refused: the path must not hold control characters"),
                summary.problems());
        assertEquals(List.of("conflict /evil\\u000a\\u001b[2J.txt: refused: the path must not hold control characters"),
                summary.plan().describe());
    }

    @Test
    void aFileStillBeingWrittenOnTheServerIsNamedAndItsMirrorCopyIsNeverDeleted() throws Exception {
        write(server, "/a.txt", "alpha");
        write(local, "/growing.log", "the mirror's older copy");
        write(local, "/gone.txt", "the server has no such file");
        LocalFolderRemote real = remote();
        RemoteFolder writing = new ForwardingRemote(real) {
            @Override
            public java.util.concurrent.CompletableFuture<ListingPage> list(String cursor) {
                return super.list(cursor).thenApply(page -> new ListingPage(page.entries(), page.next(),
                        List.of("/growing.log")));
            }
        };

        SyncSummary summary = pull(writing, SyncOptions.defaults().withDelete(true).withForce(true));

        assertEquals(List.of("/growing.log: it is still being written on the server; run again later"),
                summary.problems());
        assertEquals("the mirror's older copy", Files.readString(local.resolve("growing.log")));
        assertFalse(Files.exists(local.resolve("gone.txt")), "what the server lacks still goes");
        assertEquals("alpha", Files.readString(local.resolve("a.txt")));
        assertEquals(1, summary.deleted());
    }

    @Test
    void aFolderWhereTheSourceHasAFileIsAConflictUnlessDeleting() throws Exception {
        write(server, "/d", "a file");
        write(local, "/d/inner.txt", "in a folder");

        SyncSummary summary = pull(SyncOptions.defaults());
        assertEquals(List.of("/d: a folder stands where the source has a file"), summary.problems());
        assertTrue(Files.isDirectory(local.resolve("d")));

        SyncSummary deleting = pull(SyncOptions.defaults().withDelete(true).withForce(true));
        assertTrue(deleting.complete(), deleting.problems().toString());
        assertEquals("a file", Files.readString(local.resolve("d")));
    }

    @Test
    void theProgressListenerHearsThePlanAndEveryByte() throws Exception {
        SyncTrees.standard(server);
        List<SyncProgress> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        SyncPlan[] planned = new SyncPlan[1];
        SyncListener listener = new SyncListener() {
            @Override
            public void planned(SyncPlan plan) {
                planned[0] = plan;
            }

            @Override
            public void progress(SyncProgress progress) {
                heard.add(progress);
            }
        };

        new Sync(remote(), SyncOptions.defaults(), listener).pull(local);

        SyncProgress last = heard.get(heard.size() - 1);
        assertEquals(6, planned[0].count(SyncPlan.Kind.COPY));
        assertEquals(new SyncProgress(6, 6, planned[0].bytesToCopy(), planned[0].bytesToCopy(), last.currentPath()), last);
    }

    @Test
    void memoryStaysBoundedByTheWindowWhateverTheFileSize() throws Exception {
        // 8 MiB in 4 KiB chunks: a pull that held the file would need 8 MiB; the window holds 4 chunks.
        write(server, "/large.bin", random(8 << 20, 8), OLD);
        LocalFolderRemote remote = remote();

        pull(remote, SyncOptions.defaults().withWindow(4));

        assertEquals(describe(server), describe(local));
        assertTrue(remote.maxInFlight() <= 4, "at most the window's chunks at once: " + remote.maxInFlight());
        assertEquals(2048, remote.reads());
    }
}
