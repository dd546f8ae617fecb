package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.OLD;
import static dev.turnstile.client.sync.SyncTrees.describe;
import static dev.turnstile.client.sync.SyncTrees.leftovers;
import static dev.turnstile.client.sync.SyncTrees.random;
import static dev.turnstile.client.sync.SyncTrees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Block-level pulls against a local folder standing for the server, whose block hashes a test controls. */
class BlockPullTest {

    private static final int BLOCK = 64 * 1024;
    private static final int SIZE = 5 * (1 << 20) + 77;

    @TempDir
    Path temp;
    Path server;
    Path local;
    private LocalFolderRemote folder;
    private final AtomicLong fetched = new AtomicLong();
    private final AtomicInteger blockCalls = new AtomicInteger();

    @BeforeEach
    void folders() throws IOException {
        server = Files.createDirectory(temp.resolve("server"));
        local = Files.createDirectory(temp.resolve("local"));
        folder = new LocalFolderRemote(server, Files.createDirectory(temp.resolve("staging")), 1 << 20, 100);
    }

    @AfterEach
    void close() {
        folder.close();
    }

    /** The block hashes of {@code content}, said to be those of {@code file}. */
    static BlockList blocksOf(FileEntry file, byte[] content) {
        int count = (content.length + BLOCK - 1) / BLOCK;
        byte[] hashes = new byte[count * 32];
        MessageDigest sha = Sha256.digest();
        for (int i = 0; i < count; i++) {
            int from = i * BLOCK;
            sha.update(content, from, Math.min(BLOCK, content.length - from));
            System.arraycopy(sha.digest(), 0, hashes, i * 32, 32);
        }
        return new BlockList(file, BLOCK, hashes);
    }

    /** A server whose block hashes are those of {@code described}, whatever its file holds. */
    private RemoteFolder serverDescribing(byte[] described) {
        return new ForwardingRemote(folder) {
            @Override
            public CompletableFuture<BlockList> blocks(String path) {
                blockCalls.incrementAndGet();
                return list(null).thenApply(page -> {
                    FileEntry file = page.entries().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
                    return blocksOf(file, described);
                });
            }

            @Override
            public CompletableFuture<FileEntry> read(String path, long offset, int length, ChunkTarget into) {
                fetched.addAndGet(length);
                return super.read(path, offset, length, into);
            }
        };
    }

    private SyncSummary pull(RemoteFolder remote) throws IOException {
        // The old local copies were never synced (no base): --force takes the server's version over
        // them, as a pull after an earlier sync would without it.
        return new Sync(remote, SyncOptions.defaults().withForce(true), SyncListener.NONE).pull(local);
    }

    @Test
    void onlyTheBlocksThatDifferAreFetchedAndTheFileEndsEqual() throws Exception {
        byte[] old = random(SIZE, 1);
        byte[] now = old.clone();
        now[7 * BLOCK + 3] ^= 1;
        now[SIZE - 1] ^= 1;
        write(local, "/big.bin", old, OLD);
        write(server, "/big.bin", now, OLD + 1000);

        SyncSummary summary = pull(serverDescribing(now));

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(describe(server), describe(local));
        assertEquals(BLOCK + 77, fetched.get(), "block 7 and the short last one");
        assertEquals(List.of(), leftovers(local));
    }

    @Test
    void blockHashesThatDoNotDescribeTheFileNeverEndInAWrongFileItIsCopiedWhole() throws Exception {
        byte[] old = random(SIZE, 2);
        byte[] now = old.clone();
        now[3 * BLOCK] ^= 1;
        write(local, "/big.bin", old, OLD);
        write(server, "/big.bin", now, OLD + 1000);

        // A stale list: every old block "matches", so nothing is fetched and the whole hash is the old file's.
        SyncSummary summary = pull(serverDescribing(old));

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(describe(server), describe(local));
        assertEquals(SIZE, fetched.get(), "copied whole after the block-level update failed its check");
        assertEquals(List.of(), leftovers(local));
    }

    @Test
    void aServerWithoutBlockHashesIsAskedOnceAndEveryFileIsCopiedWhole() throws Exception {
        for (int i = 0; i < 3; i++) {
            write(local, "/f" + i + ".bin", random(SIZE, 10 + i), OLD);
            write(server, "/f" + i + ".bin", random(SIZE, 20 + i), OLD + 1000);
        }
        RemoteFolder without = new ForwardingRemote(folder) {
            @Override
            public CompletableFuture<BlockList> blocks(String path) {
                blockCalls.incrementAndGet();
                return CompletableFuture.failedFuture(new IOException("404 no such url"));
            }
        };

        SyncSummary summary = pull(without);

        assertTrue(summary.complete(), summary.problems().toString());
        assertEquals(describe(server), describe(local));
        assertEquals(1, blockCalls.get());
    }

    @Test
    void aSmallFileIsCopiedWholeWithoutAskingForBlocks() throws Exception {
        write(local, "/small.bin", random(1 << 20, 3), OLD);
        write(server, "/small.bin", random(1 << 20, 4), OLD + 1000);

        pull(serverDescribing(new byte[0]));

        assertEquals(describe(server), describe(local));
        assertEquals(0, blockCalls.get());
    }
}
