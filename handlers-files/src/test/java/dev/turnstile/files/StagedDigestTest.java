package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedDigestTest {

    private static final int STEP = 1000;

    @TempDir
    Path dir;
    private Lanes lanes;
    private FileChannel channel;
    private StagedDigest digest;
    /** Which bytes were written, so that each write reports how far they reach from the start, as {@link Upload} does. */
    private final boolean[] written = new boolean[20_000];

    @BeforeEach
    void open() throws IOException {
        lanes = Lanes.ofThreads();
        channel = FileChannel.open(dir.resolve("staged"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        digest = new StagedDigest(channel, lanes, STEP);
    }

    @AfterEach
    void close() throws IOException {
        channel.close();
        lanes.close();
    }

    @Test
    void chunksInOrderAreHashedInStepsAndTheFinishHashesTheWholeFile() throws Exception {
        byte[] content = random(10_500, 1);
        for (int at = 0; at < content.length; at += 700) {
            write(content, at, Math.min(700, content.length - at));
        }

        assertEquals(sha256(content), digest.finish(content.length).join());
    }

    @Test
    void aChunkWrittenAgainBelowWhatWasHashedStartsTheDigestOver() throws Exception {
        byte[] content = random(5_000, 2);
        write(content, 0, content.length);
        digest.finish(content.length).join(); // every step so far has run

        byte[] changed = content.clone();
        Arrays.fill(changed, 100, 200, (byte) 7);
        write(changed, 100, 100);

        assertEquals(sha256(changed), digest.finish(changed.length).join());
    }

    @Test
    void chunksOutOfOrderAreHashedOnceTheyJoinTheStart() throws Exception {
        byte[] content = random(4_200, 3);
        write(content, 3_000, 1_200);
        write(content, 1_000, 2_000);
        write(content, 0, 1_000);

        assertEquals(sha256(content), digest.finish(content.length).join());
    }

    @Test
    void aFileShorterThanItsSizeHasNoHash() throws Exception {
        byte[] content = random(2_500, 4);
        write(content, 0, content.length);

        assertNull(digest.finish(3_000).join());
    }

    private void write(byte[] content, int at, int length) throws IOException {
        channel.write(ByteBuffer.wrap(content, at, length), at);
        Arrays.fill(written, at, at + length, true);
        int end = 0;
        while (end < written.length && written[end]) {
            end++;
        }
        digest.written(at, end);
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
