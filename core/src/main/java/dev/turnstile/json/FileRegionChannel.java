package dev.turnstile.json;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A channel that sends a region of a file better than through a heap buffer: a plain socket with
 * {@code sendfile} ({@link FileChannel#transferTo}), a TLS transport through a buffer of its own
 * sized to its records. {@link OutputBuffer} hands file regions to a channel of this kind, and to
 * any other through {@link FileChannel#transferTo}.
 */
public interface FileRegionChannel extends WritableByteChannel {

    /**
     * Sends as much of the region as the channel takes without blocking.
     *
     * @param file the file, open for reading; not closed here
     * @param position where the bytes to send start
     * @param count how many bytes are left to send
     * @return the bytes sent, possibly 0: the channel is full, or the file ends at {@code position}
     * @throws IOException when the file cannot be read or the channel written
     */
    long transferFrom(FileChannel file, long position, long count) throws IOException;
}
