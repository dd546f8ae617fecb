package dev.turnstile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

/** Plain TCP: every call goes straight to the socket, and a file region with {@code sendfile}. */
final class PlainTransport extends SocketTransport {

    PlainTransport(SocketChannel channel) {
        super(channel);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    /** {@code sendfile} where the system has it: the bytes never enter the JVM. */
    @Override
    public long transferFrom(FileChannel file, long position, long count) throws IOException {
        return file.transferTo(position, count, channel);
    }

    @Override
    public boolean acceptsData() {
        return true;
    }

    @Override
    public void flush() {
        // Nothing of its own is ever buffered.
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
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }
}
