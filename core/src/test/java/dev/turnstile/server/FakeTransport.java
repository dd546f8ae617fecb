package dev.turnstile.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A socket in memory: the test queues what the client "sends", says how many bytes the client's
 * side will take, and reads what the server wrote.
 */
final class FakeTransport implements Transport {

    private final Deque<ByteBuffer> incoming = new ArrayDeque<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    /** How many bytes each write took, in order. */
    final List<Integer> writes = new ArrayList<>();
    private boolean endOfInput;
    private long room = Long.MAX_VALUE;
    boolean outputShut;
    boolean closed;
    long bytesRead;

    FakeTransport send(String text) {
        incoming.add(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** The client half-closes after what is queued. */
    FakeTransport endInput() {
        endOfInput = true;
        return this;
    }

    /** From now on the client takes at most {@code bytes} more (its socket buffer is full after that). */
    FakeTransport room(long bytes) {
        room = bytes;
        return this;
    }

    boolean hasUnread() {
        return !incoming.isEmpty();
    }

    /** @return what the server wrote since the last call, as bytes */
    byte[] takeWrittenBytes() {
        byte[] bytes = written.toByteArray();
        written.reset();
        return bytes;
    }

    /** @return what the server wrote since the last call, as text */
    String takeWritten() {
        String text = written.toString(StandardCharsets.UTF_8);
        written.reset();
        return text;
    }

    @Override
    public int read(ByteBuffer dst) {
        ByteBuffer next = incoming.peek();
        if (next == null) {
            return endOfInput ? -1 : 0;
        }
        int n = Math.min(next.remaining(), dst.remaining());
        int limit = next.limit();
        next.limit(next.position() + n);
        dst.put(next);
        next.limit(limit);
        if (!next.hasRemaining()) {
            incoming.poll();
        }
        bytesRead += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        int n = (int) Math.min(src.remaining(), room);
        byte[] bytes = new byte[n];
        src.get(bytes);
        written.write(bytes, 0, n);
        room -= n;
        if (n > 0) {
            writes.add(n);
        }
        return n;
    }

    /** Takes a file region as a socket would, as much as there is room for; 0 where the file ends. */
    @Override
    public long transferFrom(FileChannel file, long position, long count) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(Math.min(count, room), 64 * 1024));
        file.read(chunk, position);
        chunk.flip();
        return write(chunk);
    }

    @Override
    public boolean acceptsData() {
        return true;
    }

    @Override
    public void flush() {
    }

    @Override
    public boolean wantsWrite() {
        return false;
    }

    @Override
    public boolean wantsRead() {
        return false;
    }

    @Override
    public boolean hasBufferedInput() {
        return false;
    }

    @Override
    public void shutdownOutput() {
        outputShut = true;
    }

    @Override
    public int drain(ByteBuffer scratch) {
        return read(scratch);
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
