package dev.turnstile.json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * The input side of one connection: the bytes received and not yet answered, and the
 * {@link JsonFramer} that cuts them into texts. It owns its buffer, as Netty's decoders do, so
 * every caller (the server's request pipeline, the framer tests, the benchmark) fills and drains
 * it the same way.
 *
 * <p>The buffer starts at 16 KiB. Before each read it drops what the framer no longer needs by
 * moving the unfinished tail to the front, and grows (doubling) only while one unfinished text
 * fills it, never past the framer's limit plus one byte: the framer reports a text that long as
 * {@link JsonFramer.Result#TOO_LARGE} before more is needed. A buffer that grew for large texts
 * shrinks back once it is drained after holding at most a quarter of its size: a stream of large
 * requests keeps it, a large request among small ones does not pin it.
 *
 * <p><b>Attachments.</b> After a text that carries {@code "attachment": N}, the caller says so
 * ({@link #expectAttachment}); the framer then passes over the newline and the N bytes, and
 * {@link #next} reports them as {@link JsonFramer.Result#ATTACHMENT}, to be read in place
 * ({@link #attachment()}). The handler gets a view of this buffer, never a copy, so the buffer must
 * hold the whole attachment at once: it grows straight to the attachment's size (not by doubling
 * towards it) once the attachment is announced, so it holds at most the larger of the text limit
 * plus one byte and the largest attachment plus its newline, and shrinks back by the same rule.
 */
public final class FramedInput {

    private static final int INITIAL = 16 * 1024;

    private final JsonFramer framer;
    private byte[] bytes;
    private ByteBuffer view;
    private int length;

    /**
     * @param limit the largest text, in bytes
     */
    public FramedInput(int limit) {
        this(limit, INITIAL);
    }

    FramedInput(int limit, int initialCapacity) {
        this.framer = new JsonFramer(limit);
        this.bytes = new byte[initialCapacity];
        this.view = ByteBuffer.wrap(bytes);
    }

    /**
     * Changes the size limit for texts not yet started (and the current one, from its next byte on).
     *
     * @param limit the largest text, in bytes
     */
    public void limit(int limit) {
        framer.limit(limit);
    }

    /**
     * Reads once from the channel into the free end of the buffer, after making room.
     *
     * @return what the channel returned: the bytes read, possibly 0, or -1 at the end of the stream
     */
    public int readFrom(ReadableByteChannel channel) throws IOException {
        makeRoom();
        view.limit(bytes.length).position(length);
        int n = channel.read(view);
        if (n > 0) {
            length += n;
        }
        return n;
    }

    /**
     * Appends bytes as a read would, as many as fit after making room: all of them unless an
     * unfinished text already fills the buffer up to the limit (then call {@link #next} first).
     *
     * @return how many bytes were taken
     */
    public int append(byte[] src, int offset, int count) {
        makeRoom();
        int taken = Math.min(count, bytes.length - length);
        System.arraycopy(src, offset, bytes, length, taken);
        length += taken;
        return taken;
    }

    /**
     * The text just reported carries an attachment of {@code size} bytes: the next results are
     * {@link JsonFramer.Result#ATTACHMENT} once it has come, or
     * {@link JsonFramer.Result#NO_NEWLINE} when the text is not followed by a newline.
     *
     * @param size the attachment's length, already checked against its limit
     */
    public void expectAttachment(long size) {
        framer.expectAttachment(size);
    }

    /** @return whether an announced attachment has not been reported yet */
    public boolean inAttachment() {
        return framer.inAttachment();
    }

    /**
     * @return the attachment just reported, as a view of the buffer from {@link #start()} to
     *     {@link #end()} (position 0); valid until the next read or append
     */
    public ByteBuffer attachment() {
        return ByteBuffer.wrap(bytes, framer.start(), framer.end() - framer.start()).slice();
    }

    /**
     * Scans the bytes received since the last call.
     *
     * @return what the framer found; for {@link JsonFramer.Result#TEXT} and
     *     {@link JsonFramer.Result#GARBAGE} the unit lies in {@link #bytes()} from {@link #start()}
     *     to {@link #end()}
     */
    public JsonFramer.Result next() {
        return framer.next(bytes, length);
    }

    /**
     * The stream has ended.
     *
     * @return {@link JsonFramer.Result#NEED_MORE} when nothing is left over, else what the
     *     unfinished text was
     */
    public JsonFramer.Result finish() {
        return framer.finish();
    }

    /** @return the buffer; valid until the next read or append */
    public byte[] bytes() {
        return bytes;
    }

    /** @return where the last reported unit starts */
    public int start() {
        return framer.start();
    }

    /** @return where the last reported unit ends (exclusive) */
    public int end() {
        return framer.end();
    }

    /** @return the size of the backing array, for memory accounting */
    public int capacity() {
        return bytes.length;
    }

    /**
     * Drops what the framer no longer needs and grows the buffer when one unfinished text fills
     * it. Copies only when the buffer is full or the dead prefix is at least half of it, so a
     * stream of small requests costs no copying per read.
     */
    private void makeRoom() {
        int keep = framer.retainFrom();
        // An announced attachment's bytes from keep on, which must fit at once; 0 for a text.
        long needed = framer.needed();
        if (keep == length) {
            framer.shift(keep);
            // Shrink only once the buffer was mostly idle: a client that keeps sending large
            // requests keeps its large buffer instead of regrowing it, by doubling, for each one.
            boolean idle = length <= bytes.length / 4;
            length = 0;
            if (bytes.length > INITIAL * 4 && idle && needed <= INITIAL) {
                replace(new byte[INITIAL]);
            }
        } else if (keep > 0 && (length == bytes.length || keep >= bytes.length / 2 || keep + needed > bytes.length)) {
            System.arraycopy(bytes, keep, bytes, 0, length - keep);
            framer.shift(keep);
            length -= keep;
        }
        if (needed > bytes.length) {
            // Straight to the attachment's size: doubling towards it would copy it again and again.
            replace(Arrays.copyOf(bytes, (int) needed));
        } else if (length == bytes.length) {
            int grown = (int) Math.min((long) bytes.length * 2, Math.max((long) framer.limit() + 1, needed));
            if (grown <= bytes.length) {
                throw new IllegalStateException("input buffer full below the request limit");
            }
            replace(Arrays.copyOf(bytes, grown));
        }
    }

    private void replace(byte[] buffer) {
        bytes = buffer;
        view = ByteBuffer.wrap(bytes);
    }
}
