package dev.turnstile.spi;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Raw bytes that follow an answer's line (SPEC §2, "binary attachments"): the line carries
 * {@code "attachment": N}, which the server adds, and the N bytes come right after its newline.
 * A handler sends one only when the request asked for it (as {@code "encoding":"raw"} does).
 *
 * <p>Two forms: {@linkplain #of(ByteBuffer) bytes} the handler already holds, or a
 * {@linkplain #of(FileChannel, long, long) region of a file}, which the server sends straight from
 * the file, without copying it through the heap where the transport allows it ({@code sendfile} on a
 * plain socket; through the TLS engine otherwise).
 *
 * <p><b>Ownership.</b> From the moment the response is returned, the attachment belongs to the
 * server: it reads the buffer's remaining bytes, or the region, when the connection can take them
 * (after the answers before it, before the answers after it), and closes the file channel once
 * they are sent, when the connection closes first (also when the server stops), or when the answer
 * cannot be written (its body holds a value JSON cannot express: a 500 goes instead). A handler
 * must not touch either again, and must not return the same buffer's attachment twice at once.
 * The server never copies the bytes: the buffer is written as it is, and the region goes from the
 * file to the socket ({@code sendfile} over plain TCP, record by record through the TLS engine
 * otherwise). Its size counts towards the connection's {@code max-pending-bytes} until it is sent.
 *
 * <p>The count is promised in the answer's line, so if the file is shorter than the region by the
 * time it is sent, the server sends zeros for the missing bytes (and logs it at DEBUG): a client
 * that checks the file's SHA-256 (as Turnstile's sync does) sees the difference. A file that cannot
 * be read when its turn comes closes the connection, since the promise cannot be kept.
 */
public final class Attachment {

    private final ByteBuffer bytes;
    private final FileChannel file;
    private final long position;
    private final long count;

    private Attachment(ByteBuffer bytes, FileChannel file, long position, long count) {
        this.bytes = bytes;
        this.file = file;
        this.position = position;
        this.count = count;
    }

    /**
     * The remaining bytes of a buffer; the server reads them from a read-only view, so the buffer's
     * own position and limit are left alone.
     *
     * @param bytes the bytes to send, from its position to its limit
     * @return the attachment
     */
    public static Attachment of(ByteBuffer bytes) {
        return new Attachment(bytes.asReadOnlyBuffer(), null, 0, bytes.remaining());
    }

    /**
     * A region of an open file, which the server sends and then closes.
     *
     * @param file an open channel, readable; the server closes it
     * @param position where the region starts, 0 or more
     * @param count how many bytes, 0 or more
     * @return the attachment
     */
    public static Attachment of(FileChannel file, long position, long count) {
        Objects.requireNonNull(file, "file");
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("a file region starts at 0 or later and is 0 or more bytes long");
        }
        return new Attachment(null, file, position, count);
    }

    /** @return how many bytes follow the answer's line */
    public long size() {
        return count;
    }

    /** @return the bytes, for an attachment made from a buffer; {@code null} for a file region */
    public ByteBuffer bytes() {
        return bytes;
    }

    /** @return the file, for a file region; {@code null} for bytes */
    public FileChannel file() {
        return file;
    }

    /** @return where a file region starts; 0 for bytes */
    public long position() {
        return position;
    }

    @Override
    public String toString() {
        return file != null ? "Attachment[file region at " + position + ", " + count + " bytes]"
                : "Attachment[" + count + " bytes]";
    }
}
