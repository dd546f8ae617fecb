package dev.turnstile.filemodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {

    private final ChunkCodec codec = new ChunkCodec();

    @AfterEach
    void close() {
        codec.close();
    }

    /** Text of about {@code size} bytes that compresses as source code does: words repeat, lines differ. */
    static byte[] text(int size) {
        StringBuilder text = new StringBuilder();
        Random random = new Random(3);
        String[] words = {"return", "final", "class", "chunk", "offset", "length", "the", "file", "server", "{", "}",
            "(", ")", ";", "int", "long", "bytes", "path"};
        for (int line = 0; text.length() < size; line++) {
            text.append("    ").append(line).append(':');
            for (int w = 0; w < 8; w++) {
                text.append(' ').append(words[random.nextInt(words.length)]);
            }
            text.append('\n');
        }
        return Arrays.copyOf(text.toString().getBytes(StandardCharsets.US_ASCII), size);
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(5).nextBytes(bytes);
        return bytes;
    }

    /** A raw deflate stream of {@code data}, whatever it saves. */
    static byte[] deflated(byte[] data) {
        Deflater deflater = new Deflater(1, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private byte[] inflated(byte[] compressed, int expected) throws ChunkCodec.BadChunkException {
        ByteBuffer into = ByteBuffer.allocate(expected + 1);
        codec.inflate(ByteBuffer.wrap(compressed), into, expected);
        return Arrays.copyOf(into.array(), into.position());
    }

    @Test
    void textSurvivesTheRoundTripAtLessThanHalfItsSize() throws Exception {
        byte[] chunk = text(3 << 20);
        ByteBuffer compressed = codec.compress(ByteBuffer.wrap(chunk));
        assertNotNull(compressed);
        assertTrue(compressed.remaining() < chunk.length / 2, compressed.remaining() + " bytes");
        assertArrayEquals(chunk, inflated(toArray(compressed), chunk.length));
    }

    @Test
    void chunksOfEverySizeAroundTheSamplesSurviveTheRoundTrip() throws Exception {
        int slice = ChunkCodec.SAMPLE_SLICE;
        for (int size : new int[] {1, 100, slice - 1, slice, slice + 1, 2 * slice + 7, 3 * slice, 3 * slice + 1,
            5 * slice + 3}) {
            byte[] chunk = text(size);
            ByteBuffer compressed = codec.compress(ByteBuffer.wrap(chunk));
            if (compressed != null) {
                assertArrayEquals(chunk, inflated(toArray(compressed), size), size + " bytes");
            } else {
                assertTrue(size < 1000, size + " bytes of text did not compress");
            }
        }
    }

    @Test
    void randomBytesAreNotCompressedAndTheChunkIsLeftAsItWas() {
        byte[] chunk = random(1 << 20);
        ByteBuffer view = ByteBuffer.wrap(chunk, 100, 500_000);
        assertNull(codec.compress(view));
        assertEquals(100, view.position());
        assertEquals(500_100, view.limit());
    }

    @Test
    void aChunkWhoseSamplesDoNotCompressIsSentAsItIsEvenIfItsRestWould() {
        byte[] chunk = text(1 << 20);
        byte[] noise = random(chunk.length);
        for (int i = 0; i < ChunkCodec.samples(chunk.length).length; i += 2) {
            long[] samples = ChunkCodec.samples(chunk.length);
            System.arraycopy(noise, (int) samples[i], chunk, (int) samples[i], (int) samples[i + 1]);
        }
        assertNull(codec.compress(ByteBuffer.wrap(chunk)));
    }

    @Test
    void aChunkThatSavesLessThanAnEighthIsSentAsItIs() {
        assertTrue(ChunkCodec.worthIt(875, 1000));
        assertTrue(!ChunkCodec.worthIt(876, 1000));
        assertTrue(!ChunkCodec.worthIt(0, 0));
    }

    @Test
    void smallChunksAreSampledWhole() {
        assertArrayEquals(new long[] {0, 10}, ChunkCodec.samples(10));
        long[] big = ChunkCodec.samples(8 << 20);
        assertEquals(6, big.length);
        assertEquals((8 << 20) - ChunkCodec.SAMPLE_SLICE, big[4]);
    }

    @Test
    void aSmallStreamThatInflatesPastWhatWasSaidIsStoppedOneBytePastIt() {
        byte[] bomb = deflated(new byte[64 << 20]); // 64 MiB of zeros in about 64 KiB
        assertTrue(bomb.length < 1 << 20);
        ChunkCodec.BadChunkException refused = assertThrows(ChunkCodec.BadChunkException.class,
                () -> inflated(bomb, 1000));
        assertEquals("inflates to more than the 1000 bytes it should", refused.getMessage());

        long[] handedOn = {0};
        ChunkCodec.Inflation inflation = codec.inflation(1000);
        ByteBuffer scratch = ByteBuffer.allocate(256);
        assertThrows(ChunkCodec.BadChunkException.class, () -> inflation.accept(ByteBuffer.wrap(bomb), scratch,
                run -> handedOn[0] += run.remaining()));
        assertTrue(handedOn[0] <= 1000, handedOn[0] + " bytes handed on");
    }

    @Test
    void aStreamThatGivesFewerBytesThanSaidIsRefused() {
        byte[] compressed = deflated(text(5000));
        ChunkCodec.BadChunkException refused = assertThrows(ChunkCodec.BadChunkException.class,
                () -> inflated(compressed, 6000));
        assertEquals("inflates to 5000 bytes, not the 6000 it should", refused.getMessage());
    }

    @Test
    void aCorruptStreamIsRefusedWithTheInflatersReason() {
        byte[] garbage = random(4096);
        garbage[0] = (byte) 0xff; // a block type deflate does not have
        ChunkCodec.BadChunkException refused = assertThrows(ChunkCodec.BadChunkException.class,
                () -> inflated(garbage, 10_000));
        assertTrue(refused.getMessage().startsWith("is not a valid deflate stream ("), refused.getMessage());
    }

    @Test
    void aStreamCutShortIsRefused() {
        byte[] compressed = deflated(text(100_000));
        byte[] cut = Arrays.copyOf(compressed, compressed.length / 2);
        ChunkCodec.BadChunkException refused = assertThrows(ChunkCodec.BadChunkException.class,
                () -> inflated(cut, 100_000));
        assertTrue(refused.getMessage().startsWith("ends before its deflate stream does"), refused.getMessage());
    }

    @Test
    void bytesAfterTheEndOfTheStreamAreRefused() {
        byte[] compressed = deflated(text(1000));
        byte[] longer = Arrays.copyOf(compressed, compressed.length + 3);
        ChunkCodec.BadChunkException refused = assertThrows(ChunkCodec.BadChunkException.class,
                () -> inflated(longer, 1000));
        assertEquals("has 3 bytes after the end of its deflate stream", refused.getMessage());
    }

    @Test
    void aStreamInflatedPieceByPieceGivesTheSameBytesInOrder() throws Exception {
        byte[] chunk = text(1 << 20);
        byte[] compressed = deflated(chunk);
        ChunkCodec.Inflation inflation = codec.inflation(chunk.length);
        ByteBuffer scratch = ByteBuffer.allocateDirect(4096);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int from = 0; from < compressed.length; from += 777) {
            ByteBuffer piece = ByteBuffer.allocateDirect(Math.min(777, compressed.length - from));
            piece.put(compressed, from, piece.remaining()).flip();
            inflation.accept(piece, scratch, run -> {
                byte[] bytes = new byte[run.remaining()];
                run.get(bytes);
                out.write(bytes, 0, bytes.length);
            });
            assertEquals(0, piece.remaining());
        }
        inflation.finish();
        assertArrayEquals(chunk, out.toByteArray());
    }

    @Test
    void theCodecsAreNamedForAnErrorSentence() {
        assertEquals("\"deflate\"", ChunkCodec.names());
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
