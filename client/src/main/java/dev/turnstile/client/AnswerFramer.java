package dev.turnstile.client;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Cuts the server's byte stream into answer lines and the attachments that follow some of them
 * (SPEC §2). Bytes are read into one direct buffer of {@link #BUFFER_BYTES}: the kernel (or the TLS
 * engine) puts them there and nothing copies them again on their way to a sink, which gets each
 * piece of an attachment as a view of that buffer. A line is copied out into a heap array, grown
 * to hold the longest line seen (a listing page, a base64 chunk), and handed over as a slice of it.
 * So the reader holds at most this buffer and the longest line, whatever the attachments' sizes.
 *
 * <p>Not thread-safe: the client's reader thread owns it.
 */
final class AnswerFramer {

    /** The read buffer: large enough that a read brings many records or segments at once. */
    static final int BUFFER_BYTES = 256 * 1024;

    /** Where the bytes come from: {@link Connection#read}. */
    @FunctionalInterface
    interface Source {
        /** @return bytes added to {@code into}, or -1 at the end of the stream */
        int read(ByteBuffer into) throws IOException;
    }

    /** One answer being handed over: {@link AnswerQueue.Delivery}. */
    interface Handover {
        /** @return how many bytes of attachment follow the line */
        long attachment();

        /** Takes the next piece of the attachment, valid only during the call. */
        void bytes(ByteBuffer piece);

        /** Called once every byte of the attachment was handed over. */
        void settle();
    }

    /** Takes each complete line and says what follows it. */
    @FunctionalInterface
    interface Answers {
        /** @param line a buffer holding the line, without its newline; valid only during the call */
        Handover answer(byte[] line, int offset, int length) throws IOException;
    }

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';

    /** In read mode: the bytes not yet handed over are [position, limit). */
    private final ByteBuffer in;
    private byte[] line = new byte[4096];
    private int lineLength;

    AnswerFramer(int bufferBytes) {
        this.in = ByteBuffer.allocateDirect(bufferBytes).order(ByteOrder.LITTLE_ENDIAN);
        in.limit(0);
    }

    /**
     * Reads until the end of the stream, handing over every answer; a partial last line is dropped.
     *
     * @throws EOFException when the stream ends in the middle of an attachment
     */
    void pump(Source source, Answers answers) throws IOException {
        while (true) {
            int newline = newline(in, in.position(), in.limit());
            if (newline < 0) {
                keepLine(in.remaining());
                if (!fill(source)) {
                    return;
                }
                continue;
            }
            keepLine(newline - in.position());
            in.position(newline + 1);
            Handover answer = answers.answer(line, 0, lineLength);
            lineLength = 0;
            for (long left = answer.attachment(); left > 0; ) {
                if (!in.hasRemaining() && !fill(source)) {
                    throw new EOFException("the server closed the connection in the middle of an answer's attachment");
                }
                int count = (int) Math.min(left, in.remaining());
                answer.bytes(in.slice(in.position(), count));
                in.position(in.position() + count);
                left -= count;
            }
            answer.settle();
        }
    }

    /** Refills the buffer, which has been handed over whole. @return false at the end of the stream */
    private boolean fill(Source source) throws IOException {
        in.clear();
        int count;
        do {
            count = source.read(in);
        } while (count == 0);
        in.flip();
        return count > 0;
    }

    /** Moves {@code count} bytes of the buffer onto the line being read. */
    private void keepLine(int count) {
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        in.get(in.position(), line, lineLength, count);
        in.position(in.position() + count);
        lineLength += count;
    }

    /**
     * Finds the next newline eight bytes at a time: a long holds a {@code \n} byte exactly when
     * the classic "has a zero byte" test finds one in it XOR a long of {@code \n}s. A base64 answer
     * line is 1.4 MB with one newline, so this runs over every byte such a pull receives.
     *
     * @param bytes a little-endian buffer
     * @return the index of the first {@code \n} in {@code [from, to)}, or -1
     */
    static int newline(ByteBuffer bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = bytes.getLong(i) ^ NEWLINES;
            if (((word - ONES) & ~word & HIGH_BITS) != 0) {
                break;
            }
        }
        for (; i < to; i++) {
            if (bytes.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
