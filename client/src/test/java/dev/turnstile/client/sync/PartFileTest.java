package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.SyncTrees.OLD;
import static dev.turnstile.client.sync.SyncTrees.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pulled file's temporary copy on its own: bytes hashed once as they are written, the quick look
 * that catches another program's write without reading the copy back, checkpoints on the flusher
 * (here a manual executor, run when the test says), and the rename.
 */
class PartFileTest {

    @TempDir
    Path root;
    private OwnTemporaries temporaries;
    private final Queue<Runnable> flusher = new ArrayDeque<>();
    private final Executor manual = flusher::add;

    @BeforeEach
    void state() throws IOException {
        temporaries = OwnTemporaries.load(root, StateFolder.open(root, true), true);
    }

    @AfterEach
    void close() {
        temporaries.close();
    }

    private void runFlusher() {
        for (Runnable task = flusher.poll(); task != null; task = flusher.poll()) {
            task.run();
        }
    }

    private static FileEntry source(byte[] content) {
        return new FileEntry("/a.bin", content.length, OLD, Sha256.ofBytes(content));
    }

    private PartFile open(byte[] content, long checkpointBytes) throws IOException {
        return PartFile.open(root, root.resolve("a.bin"), source(content), checkpointBytes, temporaries, manual, true);
    }

    /** Writes one chunk the way the pull's reader does: checked, in pieces, looked at after. */
    private static String chunk(PartFile part, byte[] content, int from, int to) throws IOException {
        String refused = part.beginChunk(from);
        if (refused != null) {
            return refused;
        }
        for (int at = from; at < to; at += 1000) {
            part.write(ByteBuffer.wrap(content, at, Math.min(1000, to - at)));
        }
        part.endChunk();
        return null;
    }

    private String finish(PartFile part) throws IOException {
        String[] result = new String[1];
        IOException[] failure = new IOException[1];
        part.afterFlushes(() -> {
            try {
                result[0] = part.finish();
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        runFlusher();
        if (failure[0] != null) {
            throw failure[0];
        }
        return result[0];
    }

    @Test
    void chunksWrittenInOrderAreHashedOnceVerifiedAndRenamedOverTheTarget() throws Exception {
        byte[] content = random(10_000, 1);
        Files.writeString(root.resolve("a.bin"), "the old version");
        PartFile part = open(content, 1 << 20);

        assertNull(chunk(part, content, 0, 4096));
        assertNull(chunk(part, content, 4096, 10_000));
        assertTrue(part.isComplete());
        assertNull(part.verify());
        assertNull(finish(part));

        assertArrayEquals(content, Files.readAllBytes(root.resolve("a.bin")));
        assertEquals(FileTime.fromMillis(OLD), Files.getLastModifiedTime(root.resolve("a.bin")));
        assertFalse(Files.exists(root.resolve(".a.bin.turnstile-part")));
    }

    @Test
    void bytesThatDoNotHashAsListedAreNamedAndNeverRenamed() throws Exception {
        byte[] content = random(5000, 2);
        byte[] other = content.clone();
        other[4999] ^= 1;
        PartFile part = open(content, 1 << 20);

        chunk(part, other, 0, 5000);

        assertTrue(part.verify().startsWith("the copy's SHA-256 " + Sha256.ofBytes(other)), part.verify());
    }

    @Test
    void anotherProgramsSameSizeWriteWithItsTimePutBackIsCaughtBeforeTheRename() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(SyncTrees.fineGrainedChangeTimes(root),
                "the file system's change times are too coarse to tell two writes a moment apart");
        byte[] content = random(5000, 3);
        Files.writeString(root.resolve("a.bin"), "the old version");
        PartFile part = open(content, 1 << 20);
        chunk(part, content, 0, 5000);
        Path copy = root.resolve(".a.bin.turnstile-part");
        FileTime written = Files.getLastModifiedTime(copy);

        try (FileChannel other = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            other.write(ByteBuffer.wrap("someone else".getBytes()), 100);
        }
        Files.setLastModifiedTime(copy, written);

        assertNull(part.verify(), "the bytes the pull wrote hash right: only the look can tell");
        assertEquals("its temporary copy was changed by another program during the transfer", finish(part));
        assertEquals("the old version", Files.readString(root.resolve("a.bin")));
        assertFalse(Files.exists(copy));
    }

    @Test
    void anotherProgramsWriteBetweenTwoChunksIsCaughtBeforeTheNextOne() throws Exception {
        byte[] content = random(8000, 4);
        PartFile part = open(content, 1 << 20);
        chunk(part, content, 0, 4000);

        Files.write(root.resolve(".a.bin.turnstile-part"), new byte[] {1}, StandardOpenOption.APPEND);

        assertEquals("its temporary copy was changed by another program during the transfer",
                chunk(part, content, 4000, 8000));
    }

    @Test
    void aCheckpointForcesAndRecordsTheBytesSoFarOnTheFlusherWhileMoreArrive() throws Exception {
        byte[] content = random(12_000, 5);
        PartFile part = open(content, 4000);

        chunk(part, content, 0, 4000);
        chunk(part, content, 4000, 8000);
        Path resume = root.resolve(".a.bin.turnstile-resume");
        assertFalse(Files.exists(resume), "recorded by the flusher, not by the writer");
        assertEquals(1, flusher.size(), "the second checkpoint joins the one already waiting");
        runFlusher();

        ResumeRecord record = ResumeRecord.read(resume);
        assertEquals(8000, record.goodBytes(), "the latest of the two");
        assertEquals(Sha256.ofBytes(Arrays.copyOf(content, 8000)), record.goodSha256());
        assertTrue(temporaries.owns("/.a.bin.turnstile-resume"));
        chunk(part, content, 8000, 12_000);
        assertNull(finish(part));
        assertFalse(Files.exists(resume), "a finished file leaves no record");
    }

    @Test
    void aSuspendedCopyIsRecordedWholeAndTheNextRunGoesOnFromItsEnd() throws Exception {
        byte[] content = random(9000, 6);
        PartFile part = open(content, 1 << 20);
        chunk(part, content, 0, 5000);
        boolean[] then = {false};

        part.suspend(() -> then[0] = true);
        runFlusher();

        assertTrue(then[0]);
        assertEquals(5000, ResumeRecord.read(root.resolve(".a.bin.turnstile-resume")).goodBytes());
        PartFile again = open(content, 1 << 20);
        assertEquals(5000, again.resumedFrom());
        assertNull(chunk(again, content, 5000, 9000));
        assertNull(again.verify(), "the kept bytes were hashed again at the start");
        assertNull(finish(again));
        assertArrayEquals(content, Files.readAllBytes(root.resolve("a.bin")));
    }
}
