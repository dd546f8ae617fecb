package dev.turnstile.json;

import dev.turnstile.spi.Attachment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attachment waiting in the {@link OutputBuffer}: where it goes among the answer lines, and how
 * much of it is still to send. Bytes are written from the handler's own buffer; a file region is
 * sent from the file ({@link FileRegionChannel}, else {@link FileChannel#transferTo}), never read
 * into the heap here. Its file is closed once it is sent or {@linkplain #close dropped}.
 *
 * <p>The answer's line has promised the count, so a file that is shorter by the time it is sent is
 * made up with zeros, logged once at DEBUG: a client that checks the file's hash sees the
 * difference, and the stream stays framed.
 */
final class OutgoingAttachment {

    private static final Logger LOG = LoggerFactory.getLogger(OutgoingAttachment.class);
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(16 * 1024).asReadOnlyBuffer();

    /** The line bytes of the connection, counted from its first, that go before this attachment. */
    final long after;
    private final ByteBuffer bytes;
    private final FileChannel file;
    private long position;
    private long left;
    /** The file ended before the region: the rest is zeros. */
    private boolean zeros;

    OutgoingAttachment(Attachment attachment, long after) {
        this.after = after;
        this.bytes = attachment.bytes() == null ? null : attachment.bytes().duplicate();
        this.file = attachment.file();
        this.position = attachment.position();
        this.left = attachment.size();
    }

    /** @return the bytes not sent yet */
    long left() {
        return left;
    }

    /**
     * Sends as much as the channel takes without blocking; closes the file once all is sent.
     *
     * @return the bytes sent, possibly 0
     */
    long writeTo(WritableByteChannel channel) throws IOException {
        long sent = 0;
        while (left > 0) {
            long n = bytes != null ? channel.write(bytes) : zeros ? writeZeros(channel) : transfer(channel);
            if (n == 0) {
                if (bytes != null || zeros || !endOfFile()) {
                    break; // the channel is full
                }
                continue;
            }
            left -= n;
            sent += n;
        }
        if (left == 0) {
            close();
        }
        return sent;
    }

    private long transfer(WritableByteChannel channel) throws IOException {
        long n = channel instanceof FileRegionChannel regions ? regions.transferFrom(file, position, left)
                : file.transferTo(position, left, channel);
        position += n;
        return n;
    }

    /** @return whether the file ends before the region does: from now on zeros are sent instead */
    private boolean endOfFile() throws IOException {
        if (position < file.size()) {
            return false;
        }
        zeros = true;
        LOG.debug("a file attachment ends {} bytes early (the file shrank after its answer was written);"
                + " sending zeros instead", left);
        return true;
    }

    private int writeZeros(WritableByteChannel channel) throws IOException {
        ByteBuffer chunk = ZEROS.duplicate();
        chunk.limit((int) Math.min(chunk.capacity(), left));
        return channel.write(chunk);
    }

    /** Closes the file, if any: the attachment is sent, or will never be. */
    void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.debug("closing a file attachment: {}", e.toString());
            }
        }
    }
}
