package dev.turnstile.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

/**
 * The byte stream under a client: a {@link SocketChannel} in blocking mode, plain
 * ({@link PlainConnection}) or with TLS on top ({@link TlsConnection}). The client's reader thread
 * alone {@link #read reads}; writers hold the client's write lock.
 *
 * <p>Bytes are moved through direct buffers only: a read lands where the kernel puts it, in the
 * reader's buffer, and a file region is read into a direct buffer and written from there (or sent
 * by the kernel itself, {@code sendfile}). A heap buffer given to a socket channel would be copied
 * once more, through a temporary direct buffer of the JDK's, which it then keeps per thread at the
 * largest size it ever needed; so heap bytes are written in slices of at most {@link #HEAP_SLICE}.
 */
abstract class Connection {

    /** How much of a heap buffer one socket write takes: the JDK's temporary copy stays this small. */
    static final int HEAP_SLICE = 64 * 1024;
    /** How much of a file region one read takes, when its bytes pass through this process. */
    static final int FILE_PIECE = 256 * 1024;

    final SocketChannel channel;
    /** Where a file region's pieces are read, under the write lock; made on first use. */
    private ByteBuffer filePiece;

    Connection(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Reads what has arrived, blocking until something has.
     *
     * @param into a buffer with at least {@link #minimumRoom()} bytes of room
     * @return how many bytes were added, or -1 at the end of the stream
     */
    abstract int read(ByteBuffer into) throws IOException;

    /** @return the room {@link #read} needs: a TLS record's plaintext, or a byte */
    abstract int minimumRoom();

    /** Writes every remaining byte of {@code bytes}. The caller holds the write lock. */
    abstract void write(ByteBuffer bytes) throws IOException;

    /**
     * Writes {@code count} bytes of a file from {@code position}, and zeros for any part past its
     * end or that cannot be read: the request's line promised {@code count} bytes, and the stream
     * must stay framed (whoever watches sees the zeros too, so a hash of what was sent tells).
     *
     * @param seen shown each piece before it is written (a hasher), or {@code null}
     */
    void write(FileChannel file, long position, long count, AttachmentSink seen) throws IOException {
        ByteBuffer piece = filePiece();
        long done = 0;
        while (done < count) {
            piece.clear();
            if (count - done < piece.capacity()) {
                piece.limit((int) (count - done));
            }
            boolean ended = false;
            while (piece.hasRemaining() && !ended) {
                try {
                    ended = file.read(piece, position + done + piece.position()) < 0;
                } catch (IOException e) {
                    ended = true;
                }
            }
            while (piece.hasRemaining()) {
                piece.put((byte) 0);
            }
            piece.flip();
            if (seen != null) {
                seen.accept(piece.asReadOnlyBuffer());
            }
            done += piece.remaining();
            write(piece);
        }
    }

    /** Writes {@code count} zero bytes. */
    final void writeZeros(long count) throws IOException {
        ByteBuffer piece = filePiece();
        long left = count;
        while (left > 0) {
            piece.clear();
            int n = (int) Math.min(left, piece.capacity());
            for (int i = 0; i < n; i++) {
                piece.put(i, (byte) 0);
            }
            piece.limit(n);
            write(piece);
            left -= n;
        }
    }

    private ByteBuffer filePiece() {
        if (filePiece == null) {
            filePiece = ByteBuffer.allocateDirect(FILE_PIECE);
        }
        return filePiece;
    }

    /** @return whether a plain connection's first bytes were a TLS record: the server speaks TLS */
    boolean answeredInTls() {
        return false;
    }

    /**
     * Ends the sending half after a write failed part way: the server sees the end of the stream
     * and closes, and the reader still reads what it answered before.
     */
    void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            close(true);
        }
    }

    /**
     * Closes the socket; a blocked {@link #read} then ends.
     *
     * @param abort whether requests are still under way: then the server gets a reset and drops
     *     them at once, instead of answering what it has received first
     */
    void close(boolean abort) {
        // Closing a blocking channel whose reader is blocked defers the close until that thread has
        // left, so the server would not see the end at once: it is told first.
        try {
            if (channel.isConnected()) {
                if (abort) {
                    channel.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
                    channel.shutdownInput();
                } else {
                    channel.shutdownOutput();
                }
            }
        } catch (IOException e) {
            // Closed or broken already.
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is best effort: the reader ends the queue either way.
        }
    }

    /** Writes a direct buffer, or a heap one in slices, whole, to the socket. */
    static void writeFully(SocketChannel channel, ByteBuffer bytes) throws IOException {
        if (bytes.isDirect()) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            return;
        }
        int end = bytes.limit();
        try {
            while (bytes.position() < end) {
                bytes.limit(Math.min(end, bytes.position() + HEAP_SLICE));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        } finally {
            bytes.limit(end);
        }
    }
}
