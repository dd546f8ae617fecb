package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.OLD;
import static dev.turnstile.client.sync.SyncTrees.random;
import static dev.turnstile.client.sync.SyncTrees.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block hashes kept of pulled large files in {@code .turnstile/}: what is read back, and what is not. */
class KeptBlocksTest {

    private static final int BLOCK = 64 * 1024;

    @TempDir
    Path temp;
    Path root;
    StateFolder state;
    KeptBlocks kept;

    @BeforeEach
    void folder() throws IOException {
        root = Files.createDirectory(temp.resolve("local")).toRealPath();
        state = StateFolder.open(root, true);
        kept = KeptBlocks.in(state);
    }

    /** Writes a file and returns its block list as the server would give it, and keeps it. */
    private BlockList pulled(String path, int size, long seed) throws IOException {
        byte[] content = random(size, seed);
        write(root, path, content, OLD);
        BlockList blocks = BlockPullTest.blocksOf(new FileEntry(path, size, OLD, Sha256.ofBytes(content)), content);
        kept.keep(blocks, KeptBlocks.look(root, path));
        return blocks;
    }

    private Path keptFile(String path) {
        return state.file(KeptBlocks.fileName(path));
    }

    @Test
    void keptHashesComeBackWhileTheFileLooksAsItDidWhenTheyWereKept() throws IOException {
        BlockList blocks = pulled("/vm/disk.img", 5 * BLOCK + 17, 1);

        BlockList back = kept.lookup(KeptBlocks.look(root, "/vm/disk.img"));

        assertNotNull(back);
        assertEquals(blocks.blockBytes(), back.blockBytes());
        assertArrayEquals(blocks.hashes(), back.hashes());
        assertEquals(blocks.file().sha256(), back.file().sha256());
        assertEquals(blocks.file().size(), back.file().size());
    }

    @Test
    void aFileThatLooksOtherwiseNowFindsNothingKept() throws IOException {
        pulled("/a.bin", 3 * BLOCK, 2);
        FileStat then = KeptBlocks.look(root, "/a.bin");
        FileStat later = new FileStat(then.path(), then.size(), then.mtimeNanos() + 1, then.ctimeNanos(), then.fileKey());

        assertNull(kept.lookup(later));
        assertNull(kept.lookup(KeptBlocks.look(root, "/other.bin")), "nothing at all for a path never kept");
    }

    @Test
    void aTruncatedKeptFileIsIgnored() throws IOException {
        pulled("/a.bin", 3 * BLOCK, 3);
        byte[] bytes = Files.readAllBytes(keptFile("/a.bin"));
        Files.write(keptFile("/a.bin"), Arrays.copyOf(bytes, bytes.length - 40));

        assertNull(kept.lookup(KeptBlocks.look(root, "/a.bin")));
    }

    @Test
    void aKeptFileWithOneByteChangedIsIgnored() throws IOException {
        pulled("/a.bin", 3 * BLOCK, 4);
        byte[] bytes = Files.readAllBytes(keptFile("/a.bin"));
        bytes[bytes.length - 100] ^= 1; // one block hash, which would make a wrong block look right
        Files.write(keptFile("/a.bin"), bytes);

        assertNull(kept.lookup(KeptBlocks.look(root, "/a.bin")));
    }

    @Test
    void aKeptFileOfAnotherPathIsIgnored() throws IOException {
        pulled("/a.bin", 3 * BLOCK, 5);
        write(root, "/b.bin", Files.readAllBytes(root.resolve("a.bin")), OLD);
        Files.copy(keptFile("/a.bin"), keptFile("/b.bin"));

        assertNull(kept.lookup(KeptBlocks.look(root, "/b.bin")));
    }

    @Test
    void aLinkAtAKeptFilesNameIsNeitherFollowedNorWrittenThroughNorIsWhatItLeadsToRemoved() throws IOException {
        BlockList blocks = pulled("/a.bin", 3 * BLOCK, 6);
        Path outside = temp.resolve("outside");
        Files.move(keptFile("/a.bin"), outside);
        byte[] outsideBefore = Files.readAllBytes(outside);
        Files.createSymbolicLink(keptFile("/a.bin"), outside);

        assertNull(kept.lookup(KeptBlocks.look(root, "/a.bin")), "a valid kept file, but behind a link");

        kept.keep(blocks, KeptBlocks.look(root, "/a.bin"));
        assertFalse(Files.isSymbolicLink(keptFile("/a.bin")), "the link is replaced by a file of its own");
        assertArrayEquals(outsideBefore, Files.readAllBytes(outside));
        assertNotNull(kept.lookup(KeptBlocks.look(root, "/a.bin")));

        Files.delete(keptFile("/a.bin"));
        Files.createSymbolicLink(keptFile("/a.bin"), outside);
        kept.retain(path -> true);
        assertFalse(Files.exists(keptFile("/a.bin"), LinkOption.NOFOLLOW_LINKS), "a link is no kept file: removed");
        assertArrayEquals(outsideBefore, Files.readAllBytes(outside));
    }

    @Test
    void retainRemovesTheKeptHashesOfPathsRefusedAndOfFilesThatAreNotKeptOnes() throws IOException {
        pulled("/stays.bin", 3 * BLOCK, 7);
        pulled("/goes.bin", 3 * BLOCK, 8);
        Files.writeString(state.file(KeptBlocks.PREFIX + "torn"), "turnstile-blocks 1\n");

        kept.retain(Set.of("/stays.bin")::contains);

        assertTrue(Files.exists(keptFile("/stays.bin")));
        assertFalse(Files.exists(keptFile("/goes.bin")));
        assertFalse(Files.exists(state.file(KeptBlocks.PREFIX + "torn")));
        assertNotNull(kept.lookup(KeptBlocks.look(root, "/stays.bin")));
    }

    @Test
    void overTheBoundTheOldestKeptHashesGoFirst() throws IOException {
        pulled("/one.bin", 3 * BLOCK, 10);
        pulled("/two.bin", 3 * BLOCK, 11);
        pulled("/six.bin", 3 * BLOCK, 12);
        Files.setLastModifiedTime(keptFile("/one.bin"), FileTime.fromMillis(OLD));
        Files.setLastModifiedTime(keptFile("/two.bin"), FileTime.fromMillis(OLD + 1000));
        Files.setLastModifiedTime(keptFile("/six.bin"), FileTime.fromMillis(OLD + 2000));
        long one = Files.size(keptFile("/one.bin"));

        kept.retain(path -> true, 2 * one);

        assertFalse(Files.exists(keptFile("/one.bin")));
        assertTrue(Files.exists(keptFile("/two.bin")));
        assertTrue(Files.exists(keptFile("/six.bin")));
    }

    @Test
    void noStateFolderKeepsNothing() throws IOException {
        StateFolder none = StateFolder.open(Files.createDirectory(temp.resolve("dry")).toRealPath(), false);
        KeptBlocks nothing = KeptBlocks.in(none);
        byte[] content = random(3 * BLOCK, 9);
        Path file = write(root, "/a.bin", content, OLD);
        BlockList blocks = BlockPullTest.blocksOf(new FileEntry("/a.bin", content.length, OLD, Sha256.ofBytes(content)),
                content);

        nothing.keep(blocks, FileStat.read("/a.bin", file));

        assertNull(nothing.lookup(FileStat.read("/a.bin", file)));
        assertFalse(Files.exists(temp.resolve("dry").resolve(StateFolder.NAME)));
    }
}
