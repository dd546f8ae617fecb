package dev.turnstile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Plain TCP: every call goes straight to the socket. */
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
