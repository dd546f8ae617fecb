package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    /** Hands out the bytes in reads of random sizes, one byte at the least. */
    private static InputStream inPieces(byte[] bytes, long seed, int maxRead) {
        Random random = new Random(seed);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(maxRead)));
            }
        };
    }

    private static List<String> split(InputStream in, int initial) throws IOException {
        List<String> lines = new ArrayList<>();
        new LineSplitter(initial).pump(in, (buffer, offset, length) ->
                lines.add(new String(buffer, offset, length, StandardCharsets.UTF_8)));
        return lines;
    }

    @Test
    void linesSplitAcrossReadsOneByteAtATimeComeWholeAndAPartialLastLineIsDropped() throws IOException {
        byte[] bytes = "{\"code\":200}\n\n{\"a\":\"é\"}\n{\"partial\"".getBytes(StandardCharsets.UTF_8);

        assertEquals(List.of("{\"code\":200}", "", "{\"a\":\"é\"}"), split(inPieces(bytes, 1, 1), 4));
    }

    @Test
    void linesLongerThanTheBufferGrowItAndEveryLineComesIntactWhateverTheReads() throws IOException {
        Random random = new Random(3);
        List<String> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            int length = random.nextInt(4) == 0 ? random.nextInt(50_000) : random.nextInt(100);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < length; c++) {
                line.append((char) ('a' + random.nextInt(26)));
            }
            line.append(i);
            expected.add(line.toString());
            text.append(line).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);

        for (int maxRead : new int[] {1, 7, 4096, 200_000}) {
            assertEquals(expected, split(inPieces(bytes, maxRead, maxRead), 16), "reads of up to " + maxRead);
        }
    }

    @Test
    void theNewlineSearchFindsEveryNewlineAtAnyPlaceAmongAnyBytes() {
        Random random = new Random(5);
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                // Bytes near the newline's value and high bytes, where word tricks go wrong.
                bytes[i] = (byte) (random.nextBoolean() ? 8 + random.nextInt(5) : random.nextInt(256));
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            int expected = -1;
            for (int i = from; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertEquals(expected, LineSplitter.newline(bytes, from, bytes.length));
        }
    }
}
