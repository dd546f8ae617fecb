package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.OLD;
import static dev.turnstile.client.sync.SyncTrees.describe;
import static dev.turnstile.client.sync.SyncTrees.leftovers;
import static dev.turnstile.client.sync.SyncTrees.random;
import static dev.turnstile.client.sync.SyncTrees.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.FilesServer;
import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import dev.turnstile.client.AttachmentSink;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block-level updates of large files against a real server with the real files plugin: a pull
 * fetches only the blocks that differ from its own copy's, and a push sends only those that differ
 * from the server's.
 */
class BlockUpdateIT {

    private static final int MIB = 1 << 20;
    private static final int BLOCK = 64 * 1024;

    @TempDir
    Path temp;

    private FilesServer server;
    /** Every read the sync made: offset and length. */
    private final List<long[]> reads = new CopyOnWriteArrayList<>();
    /** Every upload chunk the sync sent: offset and length. */
    private final List<long[]> sent = new CopyOnWriteArrayList<>();

    private Path share() throws IOException {
        return Files.createDirectories(temp.resolve("share"));
    }

    private Path local() {
        return temp.resolve("local");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private RemoteFolder folder() throws Exception {
        return new ForwardingRemote(new ServerFolder(server.connect())) {
            @Override
            public CompletableFuture<FileEntry> read(String path, long offset, int length, ChunkTarget into) {
                reads.add(new long[] {offset, length});
                return super.read(path, offset, length, into);
            }

            @Override
            public CompletableFuture<Void> sendChunk(String upload, long offset, FileChannel file, long position,
                    int length, AttachmentSink seen) {
                sent.add(new long[] {offset, length});
                return super.sendChunk(upload, offset, file, position, length, seen);
            }
        };
    }

    private SyncSummary pull() throws Exception {
        try (RemoteFolder folder = folder()) {
            return new Sync(folder, SyncOptions.defaults(), SyncListener.NONE).pull(local());
        }
    }

    private SyncSummary push() throws Exception {
        try (RemoteFolder folder = folder()) {
            return new Sync(folder, SyncOptions.defaults(), SyncListener.NONE).push(local());
        }
    }

    private static List<String> ranges(List<long[]> calls) {
        List<String> ranges = new ArrayList<>();
        for (long[] call : calls) {
            ranges.add(call[0] + "+" + call[1]);
        }
        return ranges;
    }

    /** @return the content with {@code length} bytes (fewer at its end) changed at each offset */
    private static byte[] rewritten(byte[] content, int length, long seed, int... offsets) {
        byte[] changed = content.clone();
        for (int offset : offsets) {
            int count = Math.min(length, content.length - offset);
            System.arraycopy(random(count, seed++), 0, changed, offset, count);
        }
        return changed;
    }

    @Test
    void aPullOfALargeFileChangedInPlaceFetchesOnlyTheBlocksThatDiffer() throws Exception {
        byte[] old = random(6 * MIB + 123, 1);
        write(share(), "/vm/disk.img", old, OLD);
        server = FilesServer.start(share(), temp.resolve("data"), false);
        pull();
        long seq = server.seq();
        // Three regions: one inside a block, one across two blocks, one in the short last block.
        byte[] now = rewritten(old, 4096, 7, 3 * BLOCK + 100, 40 * BLOCK - 10, 6 * MIB + 20);
        write(share(), "/vm/disk.img", now, OLD + 5000);
        server.awaitChanges(seq, List.of("/vm/disk.img"));
        reads.clear();

        SyncSummary summary = pull();

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(1, summary.copied());
        assertEquals(describe(share()), describe(local()));
        assertEquals(List.of(), leftovers(local()));
        assertEquals(List.of(3 * BLOCK + "+" + BLOCK, 39 * BLOCK + "+" + 2 * BLOCK, 96 * BLOCK + "+" + 123),
                ranges(reads), "the differing blocks only, neighbours coalesced");
        assertEquals(BLOCK + 2 * BLOCK + 123, summary.bytes());
    }

    @Test
    void aLargeFileChangedOnBothSidesIsUpdatedBlockByBlockAndKeepsTheLocalVersionAsItsConflictCopy()
            throws Exception {
        byte[] old = random(6 * MIB, 2);
        write(share(), "/vm/disk.img", old, OLD);
        server = FilesServer.start(share(), temp.resolve("data"), false);
        pull();
        long seq = server.seq();
        byte[] theirs = rewritten(old, 4096, 9, 5 * BLOCK + 7);
        write(share(), "/vm/disk.img", theirs, OLD + 5000);
        server.awaitChanges(seq, List.of("/vm/disk.img"));
        byte[] ours = rewritten(old, 4096, 11, 20 * BLOCK + 7);
        write(local(), "/vm/disk.img", ours, OLD + 9000);
        reads.clear();

        SyncSummary summary = pull();

        assertArrayEquals(theirs, Files.readAllBytes(local().resolve("vm/disk.img")));
        assertEquals(1, summary.conflictCopies().size(), summary.conflictCopies().toString());
        List<Path> copies;
        try (var files = Files.list(local().resolve("vm"))) {
            copies = files.filter(file -> file.getFileName().toString().matches("disk\\.sync-conflict-\\d{8}-\\d{6}\\.img"))
                    .toList();
        }
        assertEquals(1, copies.size(), "the local version kept beside the server's");
        assertArrayEquals(ours, Files.readAllBytes(copies.get(0)));
        assertTrue(summary.bytes() < 4 * BLOCK, "block by block: " + ranges(reads));
    }

    @Test
    void aLargeFileUpdatedBlockByBlockGetsTheServersExecutableBits() throws Exception {
        byte[] old = random(6 * MIB, 3);
        Path shared = write(share(), "/tool.bin", old, OLD);
        server = FilesServer.start(share(), temp.resolve("data"), false);
        pull();
        long seq = server.seq();
        byte[] now = rewritten(old, 4096, 5, 9 * BLOCK);
        write(share(), "/tool.bin", now, OLD + 5000);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        server.awaitChanges(seq, List.of("/tool.bin"));
        reads.clear();

        SyncSummary summary = pull();

        assertTrue(summary.complete(), summary.problems().toString());
        assertTrue(summary.bytes() < 4 * BLOCK, "block by block: " + ranges(reads));
        Path pulled = local().resolve("tool.bin");
        assertArrayEquals(now, Files.readAllBytes(pulled));
        assertTrue(Files.getPosixFilePermissions(pulled).contains(PosixFilePermission.OWNER_EXECUTE),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(pulled)));
    }

    @Test
    void aPushOfALargeFileChangedInPlaceSendsOnlyTheBlocksThatDifferAndWhatItGrew() throws Exception {
        byte[] old = random(5 * MIB, 2);
        write(share(), "/vm/disk.img", old, OLD);
        server = FilesServer.start(share(), temp.resolve("data"), true);
        pull();
        // Two regions rewritten, and the file grown by 1000 bytes.
        byte[] edited = rewritten(old, 4096, 11, 10 * BLOCK + 5, 70 * BLOCK);
        byte[] now = Arrays.copyOf(edited, old.length + 1000);
        write(local(), "/vm/disk.img", now, OLD + 9000);
        PermissionBits.set(local().resolve("vm/disk.img"), 0750);
        sent.clear();

        SyncSummary summary = push();

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(1, summary.copied());
        assertEquals(describe(local()), describe(share()));
        assertEquals(List.of(10 * BLOCK + "+" + BLOCK, 70 * BLOCK + "+" + BLOCK, 5 * MIB + "+" + 1000), ranges(sent));
        assertEquals(0110 & ~PermissionBits.localUmask(), PermissionBits.read(share().resolve("vm/disk.img")) & 0111,
                "an upload begun from the server's copy gives the file the local executable bits too");
    }

    @Test
    void anUploadBegunFromAServerFileThatChangedSinceItWasListedIsRefusedAndLeavesItAlone() throws Exception {
        byte[] old = random(5 * MIB, 3);
        write(share(), "/vm/disk.img", old, OLD);
        server = FilesServer.start(share(), temp.resolve("data"), true);
        long seq = server.seq();
        byte[] theirs = rewritten(old, 100, 13, 2 * MIB);
        write(share(), "/vm/disk.img", theirs, OLD + 7000);
        server.awaitChanges(seq, List.of("/vm/disk.img"));
        String listed = Sha256.ofBytes(old);

        try (RemoteFolder folder = folder()) {
            CompletableFuture<Upload> begun = folder.beginUploadFromTarget("/vm/disk.img", old.length + 1,
                    Sha256.ofBytes(random(old.length + 1, 4)), OLD, listed, FileEntry.NO_MODE);
            ExecutionException refused = assertThrows(ExecutionException.class, begun::get);
            assertTrue(refused.getCause() instanceof RemoteFileChangedException, refused.getCause().toString());
        }
        assertEquals(theirs.length + " " + (OLD + 7000) + " " + Sha256.ofBytes(theirs),
                describe(share()).get("/vm/disk.img"));
    }
}
