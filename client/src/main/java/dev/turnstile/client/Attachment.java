package dev.turnstile.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * The raw bytes a request carries after its JSON line (SPEC §2): the client adds
 * {@code "attachment": N} to the request and writes the N bytes right after it. Only a logged-in
 * connection may send one.
 *
 * <pre>{@code
 * try (FileChannel file = FileChannel.open(path)) {
 *     client.callAsync("/upload_chunk", Map.of("upload", id, "offset", 0L),
 *             Attachment.of(file, 0, file.size()), reader);
 * }
 * }</pre>
 *
 * <p>The bytes are written while the request is sent, before {@code submit} or {@code callAsync}
 * returns: the buffer or the file may be reused or closed afterwards. A file region is read then,
 * and sent by the kernel from the file where the connection allows it (plain TCP, nobody
 * {@linkplain #watchedBy watching}); a file that has become shorter is made up with zero bytes,
 * since the request promised its length.
 */
public final class Attachment {

    private final ByteBuffer bytes;
    private final FileChannel file;
    private final long position;
    private final long length;
    private final AttachmentSink watcher;

    private Attachment(ByteBuffer bytes, FileChannel file, long position, long length, AttachmentSink watcher) {
        this.bytes = bytes;
        this.file = file;
        this.position = position;
        this.length = length;
        this.watcher = watcher;
    }

    /**
     * @param bytes the bytes from its position to its limit; the buffer itself is not moved
     * @return an attachment of those bytes
     */
    public static Attachment of(ByteBuffer bytes) {
        ByteBuffer view = bytes.duplicate();
        return new Attachment(view, null, 0, view.remaining(), null);
    }

    /** @return an attachment of {@code length} bytes of the array from {@code offset} */
    public static Attachment of(byte[] bytes, int offset, int length) {
        return of(ByteBuffer.wrap(bytes, offset, length));
    }

    /** @return an attachment of the whole array */
    public static Attachment of(byte[] bytes) {
        return of(ByteBuffer.wrap(bytes));
    }

    /**
     * @param file an open file, readable
     * @param position where the bytes begin
     * @param count how many
     * @return an attachment of that region of the file, read when the request is sent
     */
    public static Attachment of(FileChannel file, long position, long count) {
        Objects.requireNonNull(file, "file");
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("position and count must not be negative: " + position + ", " + count);
        }
        return new Attachment(null, file, position, count, null);
    }

    /**
     * @param watcher sees every piece of the bytes just before it is sent (on the sending thread),
     *     for example to hash exactly what went out
     * @return this attachment, watched
     */
    public Attachment watchedBy(AttachmentSink watcher) {
        return new Attachment(bytes, file, position, length, Objects.requireNonNull(watcher, "watcher"));
    }

    /** @return how many bytes the request carries */
    public long length() {
        return length;
    }

    /** Writes the bytes; the caller holds the write lock. */
    void writeTo(Connection connection) throws IOException {
        if (file != null) {
            connection.write(file, position, length, watcher);
            return;
        }
        ByteBuffer view = bytes.duplicate();
        if (watcher != null) {
            watcher.accept(view.asReadOnlyBuffer());
        }
        connection.write(view);
    }
}
