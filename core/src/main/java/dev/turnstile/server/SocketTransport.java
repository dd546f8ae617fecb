package dev.turnstile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** What every {@link Transport} does straight on its socket, whatever it wraps the bytes in. */
abstract class SocketTransport implements Transport {

    protected final SocketChannel channel;

    SocketTransport(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int drain(ByteBuffer scratch) throws IOException {
        scratch.clear();
        return channel.read(scratch);
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
