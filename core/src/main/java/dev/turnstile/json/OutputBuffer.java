package dev.turnstile.json;

import dev.turnstile.spi.Attachment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The response bytes waiting for a client: encoded at the end, written from the front. Reused
 * for the whole connection; it grows when a batch of responses needs it and shrinks back once
 * drained after a batch that used at most a quarter of it, so a big answer among small ones does
 * not pin its memory and a run of big answers does not regrow it for each one.
 *
 * <p><b>Attachments.</b> The output is a queue of segments: line bytes, then an attachment (the
 * handler's buffer, or a file region), then line bytes again, and so on. The lines stay in the one
 * array; each {@linkplain #attach attachment} only records where it goes in the stream of line
 * bytes (the count of line bytes before it) and is written when the writer reaches that point, so
 * an answer's bytes follow its line and the answers after it follow its bytes. Without an
 * attachment waiting, writing is exactly the plain array's write. An attachment is never copied
 * here: bytes are written from the handler's buffer, a file region goes to the channel from the
 * file ({@link FileRegionChannel}). Its size counts as pending (backpressure) until it is sent,
 * though a file region holds no memory.
 */
public final class OutputBuffer {

    private static final int INITIAL = 16 * 1024;

    private byte[] bytes = new byte[INITIAL];
    private ByteBuffer view = ByteBuffer.wrap(bytes);
    private int head;
    private int tail;
    /** Scratch space for the encoder: the chars of one chunk of a string being written. */
    private final char[] chars = new char[ResponseEncoder.CHUNK + 1];
    /** Line bytes written to the channel since the first, where the attachments' places are counted. */
    private long linesWritten;
    private final ArrayDeque<OutgoingAttachment> attachments = new ArrayDeque<>();
    /** The attachments' bytes not sent yet. */
    private long attachmentBytes;

    /** @return bytes encoded but not yet written, attachments included */
    public long pending() {
        return tail - head + attachmentBytes;
    }

    /**
     * @return a mark for {@link #rollback}: the pending count of line bytes, not an index, because
     *     growing the buffer may move the unwritten bytes to the front while a response is being encoded
     */
    public int mark() {
        return tail - head;
    }

    /**
     * Drops everything encoded after {@code mark}, such as a half-written response. No
     * {@link #writeTo} or {@link #attach} may happen between the mark and the rollback.
     */
    public void rollback(int mark) {
        tail = head + mark;
    }

    /**
     * Queues an attachment after the line bytes encoded so far (its answer's line), to be written
     * once they are. From now on this buffer owns it: it closes a file region once sent or
     * {@linkplain #discard() dropped}.
     *
     * @param attachment the bytes or the file region
     */
    public void attach(Attachment attachment) {
        attachments.add(new OutgoingAttachment(attachment, linesWritten + (tail - head)));
        attachmentBytes += attachment.size();
    }

    /**
     * Closes the file of an attachment that will not be sent (its answer became an error, or
     * nobody waits for it any more), as the server owns it.
     *
     * @param attachment the attachment, or {@code null}
     */
    public static void drop(Attachment attachment) {
        if (attachment != null) {
            new OutgoingAttachment(attachment, 0).close();
        }
    }

    /** Drops everything not written and closes the files of the attachments still queued: the connection has closed. */
    public void discard() {
        head = 0;
        tail = 0;
        OutgoingAttachment dropped;
        while ((dropped = attachments.poll()) != null) {
            dropped.close();
        }
        attachmentBytes = 0;
    }

    /** @return the size of the backing array, for memory accounting */
    public int capacity() {
        return bytes.length;
    }

    /**
     * Writes as much as the channel takes without blocking, in order: lines, and each attachment
     * when the lines before it are written.
     *
     * @return the number of bytes written
     */
    public long writeTo(WritableByteChannel channel) throws IOException {
        if (attachments.isEmpty()) {
            return writeLines(channel, tail - head);
        }
        long total = 0;
        OutgoingAttachment next;
        while ((next = attachments.peek()) != null) {
            int before = (int) (next.after - linesWritten);
            if (before > 0) {
                int n = writeLines(channel, before);
                total += n;
                if (n < before) {
                    return total;
                }
            }
            long n = next.writeTo(channel);
            total += n;
            attachmentBytes -= n;
            if (next.left() > 0) {
                return total;
            }
            attachments.poll();
        }
        return total + writeLines(channel, tail - head);
    }

    /** Writes at most {@code max} line bytes, as many as the channel takes. */
    private int writeLines(WritableByteChannel channel, int max) throws IOException {
        if (head == tail || max <= 0) {
            return 0;
        }
        view.limit(head + Math.min(max, tail - head)).position(head);
        int written = channel.write(view);
        head += written;
        linesWritten += written;
        if (head == tail) {
            // As for the input: keep a large buffer while large answers keep coming, give it up
            // after a batch that used at most a quarter of it.
            boolean idle = tail <= bytes.length / 4;
            head = 0;
            tail = 0;
            if (bytes.length > INITIAL * 4 && idle) {
                bytes = new byte[INITIAL];
                view = ByteBuffer.wrap(bytes);
            }
        }
        return written;
    }

    void put(byte b) {
        if (tail == bytes.length) {
            grow(1);
        }
        bytes[tail++] = b;
    }

    void put(byte[] src) {
        ensure(src.length);
        System.arraycopy(src, 0, bytes, tail, src.length);
        tail += src.length;
    }

    /** Makes room for {@code n} more bytes; the caller then writes with {@link #array()} and {@link #advance}. */
    void ensure(int n) {
        if (bytes.length - tail < n) {
            grow(n);
        }
    }

    char[] chars() {
        return chars;
    }

    byte[] array() {
        return bytes;
    }

    int tail() {
        return tail;
    }

    void advance(int n) {
        tail += n;
    }

    private void grow(int n) {
        if (head > 0) {
            // Reclaim what was already written before asking for more memory.
            System.arraycopy(bytes, head, bytes, 0, tail - head);
            tail -= head;
            head = 0;
            if (bytes.length - tail >= n) {
                return;
            }
        }
        long wanted = Math.max((long) bytes.length * 2, (long) tail + n);
        if (wanted > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("response too large to buffer");
        }
        bytes = Arrays.copyOf(bytes, (int) wanted);
        view = ByteBuffer.wrap(bytes);
    }
}
