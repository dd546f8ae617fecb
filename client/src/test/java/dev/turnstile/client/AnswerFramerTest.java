package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnswerFramerTest {

    /** Hands out the bytes in reads of random sizes, one byte at the least. */
    private static AnswerFramer.Source inPieces(byte[] bytes, long seed, int maxRead) {
        Random random = new Random(seed);
        int[] at = {0};
        return into -> {
            if (at[0] == bytes.length) {
                return -1;
            }
            int count = Math.min(Math.min(into.remaining(), bytes.length - at[0]), 1 + random.nextInt(maxRead));
            into.put(bytes, at[0], count);
            at[0] += count;
            return count;
        };
    }

    /**
     * What the framer handed over: each line, and after a line {@code A<n>} the n bytes of its
     * attachment (as text, between brackets), and the largest piece seen.
     */
    private static final class Heard implements AnswerFramer.Answers {
        final List<String> answers = new ArrayList<>();
        int largestPiece;

        @Override
        public AnswerFramer.Handover answer(byte[] line, int offset, int length) {
            String text = new String(line, offset, length, StandardCharsets.UTF_8);
            answers.add(text);
            long attachment = text.startsWith("A") ? Long.parseLong(text.substring(1)) : 0;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            return new AnswerFramer.Handover() {
                @Override
                public long attachment() {
                    return attachment;
                }

                @Override
                public void bytes(ByteBuffer piece) {
                    largestPiece = Math.max(largestPiece, piece.remaining());
                    byte[] copy = new byte[piece.remaining()];
                    piece.get(copy);
                    bytes.write(copy, 0, copy.length);
                }

                @Override
                public void settle() {
                    if (attachment > 0) {
                        answers.add("[" + bytes.toString(StandardCharsets.ISO_8859_1) + "]");
                    }
                }
            };
        }
    }

    private static Heard frame(byte[] bytes, long seed, int maxRead, int buffer) throws IOException {
        Heard heard = new Heard();
        new AnswerFramer(buffer).pump(inPieces(bytes, seed, maxRead), heard);
        return heard;
    }

    @Test
    void linesSplitAcrossReadsOneByteAtATimeComeWholeAndAPartialLastLineIsDropped() throws IOException {
        byte[] bytes = "{\"code\":200}\n\n{\"a\":\"é\"}\n{\"partial\"".getBytes(StandardCharsets.UTF_8);

        assertEquals(List.of("{\"code\":200}", "", "{\"a\":\"é\"}"), frame(bytes, 1, 1, 16).answers);
    }

    @Test
    void linesLongerThanTheBufferComeIntactWhateverTheReads() throws IOException {
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
            assertEquals(expected, frame(bytes, maxRead, maxRead, 64).answers, "reads of up to " + maxRead);
        }
    }

    @Test
    void anAttachmentIsDataNewlinesAndRequestsIncludedAndTheNextLineStartsRightAfterIt() throws IOException {
        String attachment = "x\n{\"code\":200}\n\ny";
        byte[] bytes = ("A" + attachment.length() + "\n" + attachment + "{\"code\":200,\"next\":1}\nA3\nabc\n")
                .getBytes(StandardCharsets.UTF_8);

        for (int maxRead : new int[] {1, 3, 1000}) {
            assertEquals(List.of("A" + attachment.length(), "[" + attachment + "]", "{\"code\":200,\"next\":1}", "A3",
                    "[abc]", ""), frame(bytes, maxRead, maxRead, 16).answers, "reads of up to " + maxRead);
        }
    }

    @Test
    void aLargeAttachmentComesInPiecesNoLargerThanTheBufferAndWhole() throws IOException {
        byte[] data = new byte[100_000];
        new Random(7).nextBytes(data);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(("A" + data.length + "\n").getBytes(StandardCharsets.US_ASCII));
        stream.writeBytes(data);
        stream.writeBytes("{\"after\":true}\n".getBytes(StandardCharsets.US_ASCII));

        Heard heard = frame(stream.toByteArray(), 9, 10_000, 4096);

        assertEquals(3, heard.answers.size());
        assertArrayEquals(data, heard.answers.get(1).substring(1, data.length + 1).getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("{\"after\":true}", heard.answers.get(2));
        assertTrue(heard.largestPiece <= 4096, "the reader holds one buffer: " + heard.largestPiece);
    }

    @Test
    void theStreamEndingInTheMiddleOfAnAttachmentIsAnEndOfFile() {
        byte[] bytes = "A10\nabc".getBytes(StandardCharsets.US_ASCII);

        assertThrows(EOFException.class, () -> frame(bytes, 1, 100, 16));
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
            ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.LITTLE_ENDIAN);
            buffer.put(bytes).flip();
            assertEquals(expected, AnswerFramer.newline(buffer, from, bytes.length));
        }
    }
}
