package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.OLD;
import static dev.turnstile.client.sync.SyncTrees.describe;
import static dev.turnstile.client.sync.SyncTrees.leftovers;
import static dev.turnstile.client.sync.SyncTrees.random;
import static dev.turnstile.client.sync.SyncTrees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.FilesServer;
import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The block hashes a pull keeps of the large files it put in place, against a real server with the
 * real files plugin: the next block-level pull of a file decides from them which blocks to fetch,
 * a local copy changed since is still updated right, and they go when their file goes.
 */
class KeptBlocksIT {

    private static final int MIB = 1 << 20;
    private static final int BLOCK = 64 * 1024;
    private static final String PATH = "/vm/disk.img";

    @TempDir
    Path temp;

    private FilesServer server;
    /** Every read the sync made: offset and length. */
    private final List<String> reads = new CopyOnWriteArrayList<>();
    private final AtomicInteger blockCalls = new AtomicInteger();

    private Path share() throws Exception {
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

    private SyncSummary pull(SyncOptions options) throws Exception {
        try (RemoteFolder folder = new ForwardingRemote(new ServerFolder(server.connect())) {
            @Override
            public CompletableFuture<FileEntry> read(String path, long offset, int length, ChunkTarget into) {
                reads.add(offset + "+" + length);
                return super.read(path, offset, length, into);
            }

            @Override
            public CompletableFuture<BlockList> blocks(String path) {
                blockCalls.incrementAndGet();
                return super.blocks(path);
            }
        }) {
            SyncSummary summary = new Sync(folder, options, SyncListener.NONE).pull(local());
            assertTrue(summary.complete(), summary.problems().toString());
            return summary;
        }
    }

    private KeptBlocks kept() throws Exception {
        return KeptBlocks.in(StateFolder.open(local().toRealPath(), false));
    }

    private Path keptFile(String path) throws Exception {
        return local().resolve(StateFolder.NAME).resolve(KeptBlocks.fileName(path));
    }

    /** Puts a new version of the server's file in place and waits until the server has indexed it. */
    private void serverWrites(byte[] content, long mtime) throws Exception {
        long seq = server.seq();
        write(share(), PATH, content, mtime);
        server.awaitChanges(seq, List.of(PATH));
    }

    /** @return the content with 4 KiB changed at each offset */
    private static byte[] rewritten(byte[] content, long seed, int... offsets) {
        byte[] changed = content.clone();
        for (int offset : offsets) {
            System.arraycopy(random(4096, seed++), 0, changed, offset, 4096);
        }
        return changed;
    }

    /** A first pull that copies the file whole, and keeps its block hashes from one /get_blocks. */
    private byte[] firstPull(long seed) throws Exception {
        byte[] first = random(6 * MIB + 123, seed);
        write(share(), PATH, first, OLD);
        server = FilesServer.start(share(), temp.resolve("data"), false);
        pull(SyncOptions.defaults());
        FileStat look = KeptBlocks.look(local().toRealPath(), PATH);
        BlockList kept = kept().lookup(look);
        assertNotNull(kept, "the whole copy's block hashes are kept");
        assertEquals(Sha256.ofBytes(first), kept.file().sha256());
        reads.clear();
        blockCalls.set(0);
        return first;
    }

    @Test
    void aSecondBlockLevelPullWithKeptHashesFetchesOnlyTheChangedBlocksAndKeepsTheNewList() throws Exception {
        byte[] first = firstPull(1);
        byte[] second = rewritten(first, 7, 3 * BLOCK + 100, 50 * BLOCK);
        serverWrites(second, OLD + 5000);

        SyncSummary summary = pull(SyncOptions.defaults());

        assertEquals(1, summary.copied());
        assertEquals(describe(share()), describe(local()));
        assertEquals(List.of(3 * BLOCK + "+" + BLOCK, 50 * BLOCK + "+" + BLOCK), reads);
        assertEquals(1, blockCalls.get(), "the server's list, once");
        assertEquals(List.of(), leftovers(local()));
        BlockList kept = kept().lookup(KeptBlocks.look(local().toRealPath(), PATH));
        assertNotNull(kept);
        assertEquals(Sha256.ofBytes(second), kept.file().sha256(), "the new version's list is kept");

        // And once more, from the list kept by the block-level update.
        byte[] third = rewritten(second, 9, 80 * BLOCK + 5);
        serverWrites(third, OLD + 9000);
        reads.clear();
        pull(SyncOptions.defaults());
        assertEquals(describe(share()), describe(local()));
        assertEquals(List.of(80 * BLOCK + "+" + BLOCK), reads);
    }

    @Test
    void theKeptHashesAreWhatDecidesABlockTheySayDiffersIsFetchedThoughTheOldCopyHasIt() throws Exception {
        byte[] first = firstPull(2);
        // Kept hashes that say block 10 differs, for the file as it looks: only a pull that uses
        // them fetches block 10, which reading the old copy would find unchanged.
        Path root = local().toRealPath();
        BlockList list = kept().lookup(KeptBlocks.look(root, PATH));
        byte[] hashes = list.hashes().clone();
        hashes[10 * BlockList.HASH_BYTES] ^= 1;
        kept().keep(new BlockList(list.file(), list.blockBytes(), hashes), KeptBlocks.look(root, PATH));
        byte[] second = rewritten(first, 11, 20 * BLOCK);
        serverWrites(second, OLD + 5000);

        pull(SyncOptions.defaults());

        assertEquals(describe(share()), describe(local()));
        assertEquals(List.of(10 * BLOCK + "+" + BLOCK, 20 * BLOCK + "+" + BLOCK), reads);
    }

    @Test
    void aLocalCopyEditedAfterThePullIsStillUpdatedRight() throws Exception {
        byte[] first = firstPull(3);
        Path root = local().toRealPath();
        byte[] edited = rewritten(first, 13, 30 * BLOCK);
        write(local(), PATH, edited, OLD); // the same size and time as the pull left it: only the change time tells
        byte[] second = rewritten(first, 15, 60 * BLOCK);
        serverWrites(second, OLD + 5000);

        // --force: the local edit is knowingly given up for the server's version.
        pull(SyncOptions.defaults().withForce(true));

        assertEquals(describe(share()), describe(local()));
        assertEquals(List.of(30 * BLOCK + "+" + BLOCK, 60 * BLOCK + "+" + BLOCK), reads,
                "the block edited here and the one changed there, found by reading the old copy");
        assertNotNull(kept().lookup(KeptBlocks.look(root, PATH)));
    }

    @Test
    void keptHashesThatNoLongerDescribeTheFileThoughItLooksTheSameNeverMakeAWrongFile() throws Exception {
        byte[] first = firstPull(4);
        Path root = local().toRealPath();
        // The racy case: the file changed within the same clock tick as the look the hashes were
        // kept with. Stood for by keeping the old list with the edited file's look.
        BlockList old = kept().lookup(KeptBlocks.look(root, PATH));
        byte[] edited = rewritten(first, 17, 40 * BLOCK);
        write(local(), PATH, edited, OLD);
        kept().keep(old, KeptBlocks.look(root, PATH));
        byte[] second = rewritten(first, 19, 70 * BLOCK);
        serverWrites(second, OLD + 5000);

        pull(SyncOptions.defaults().withForce(true));

        assertEquals(describe(share()), describe(local()));
        assertEquals(List.of(), leftovers(local()));
        assertTrue(reads.contains(40 * BLOCK + "+" + BLOCK), "the second try read the old copy and found block 40: " + reads);
        assertEquals(Sha256.ofBytes(second), kept().lookup(KeptBlocks.look(root, PATH)).file().sha256());
    }

    @Test
    void theKeptHashesOfAFileDeletedOrNoLongerLargeAreRemoved() throws Exception {
        firstPull(5);
        long seq = server.seq();
        write(share(), "/other.img", random(5 * MIB, 21), OLD);
        Files.delete(share().resolve("vm/disk.img"));
        server.awaitChanges(seq, List.of(PATH, "/other.img"));
        pull(SyncOptions.defaults().withDelete(true));
        assertFalse(Files.exists(keptFile(PATH)), "the deleted file's");
        assertTrue(Files.exists(keptFile("/other.img")), "the new file's, kept after its whole copy");

        seq = server.seq();
        write(share(), "/other.img", random(MIB, 22), OLD + 5000);
        server.awaitChanges(seq, List.of("/other.img"));
        pull(SyncOptions.defaults());
        assertFalse(Files.exists(keptFile("/other.img")), "a file no longer large keeps none");
    }
}
