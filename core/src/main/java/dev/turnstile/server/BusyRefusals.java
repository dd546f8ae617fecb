package dev.turnstile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says "busy" to connections that arrive while a client is connected ({@code busy=reject}): one
 * 503 line, then close. Over plain TCP the line fits any socket buffer, so it is written at once.
 * Over TLS it can only be said after a handshake, which the loop drives like any other I/O: each
 * such {@link Refusal} handshakes, writes the line, shuts its output and drains input until the
 * peer closes, and is closed after five seconds whatever its state. At most {@link #MAX_UNDER_WAY}
 * are under way at once; more are closed without a word, so they cannot pile up.
 */
final class BusyRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(BusyRefusals.class);
    static final String MESSAGE = "another client is connected; Turnstile serves one client at a time, try again later";
    private static final byte[] LINE = ("{\"code\":503,\"error\":\"" + MESSAGE + "\"}\n").getBytes(StandardCharsets.US_ASCII);
    /** How long a busy refusal over TLS may take, handshake included. */
    private static final long REFUSAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Busy refusals over TLS in progress at once. */
    static final int MAX_UNDER_WAY = 8;

    private final Selector selector;
    private final SSLContext tls;
    private final List<Refusal> underWay = new ArrayList<>();

    /**
     * @param tls the TLS context, or {@code null} for plain TCP
     */
    BusyRefusals(Selector selector, SSLContext tls) {
        this.selector = selector;
        this.tls = tls;
    }

    /** Refuses a newly accepted channel; {@code busyWith} names the connected client for the log. */
    void refuse(SocketChannel channel, Object busyWith, long now) {
        if (tls == null) {
            refusePlain(channel, busyWith);
        } else {
            refuseOverTls(channel, busyWith, now);
        }
    }

    /** @return the nearest deadline of a TLS refusal, {@link Long#MAX_VALUE} for none */
    long deadline() {
        long deadline = Long.MAX_VALUE;
        for (Refusal refusal : underWay) {
            deadline = Math.min(deadline, refusal.giveUpAt);
        }
        return deadline;
    }

    /** A refusal's socket is ready. */
    void onReady(Refusal refusal) {
        try {
            refusal.step();
        } catch (IOException | RuntimeException e) {
            LOG.debug("refusing {}: {}", refusal.peer, e.toString());
            refusal.close();
        }
    }

    /** Closes the refusals that are done or out of time. */
    void checkTimers(long now) {
        for (Iterator<Refusal> it = underWay.iterator(); it.hasNext();) {
            Refusal refusal = it.next();
            if (now - refusal.giveUpAt >= 0) {
                refusal.close();
            }
            if (refusal.closed) {
                it.remove();
            }
        }
    }

    void closeAll() {
        underWay.forEach(Refusal::close);
        underWay.clear();
    }

    private void refusePlain(SocketChannel channel, Object busyWith) {
        try (channel) {
            channel.configureBlocking(false);
            Object address = channel.getRemoteAddress();
            // One small line fits any socket buffer, so a non-blocking write sends it whole.
            channel.write(ByteBuffer.wrap(LINE));
            channel.shutdownOutput();
            LOG.info("rejected {}: busy with {}", address, busyWith);
        } catch (IOException e) {
            LOG.debug("rejecting a busy connection: {}", e.toString());
        }
    }

    private void refuseOverTls(SocketChannel channel, Object busyWith, long now) {
        try {
            if (underWay.size() >= MAX_UNDER_WAY) {
                LOG.info("closed a connection without a word: {} busy refusals are already under way", underWay.size());
                channel.close();
                return;
            }
            channel.configureBlocking(false);
            Object peer = channel.getRemoteAddress();
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            Refusal refusal = new Refusal(TlsContexts.serverTransport(tls, channel), key, peer, now + REFUSAL_NANOS);
            key.attach(refusal);
            underWay.add(refusal);
            LOG.info("rejected {}: busy with {}", peer, busyWith);
        } catch (IOException e) {
            LOG.debug("rejecting a busy connection: {}", e.toString());
            try {
                channel.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    /** One TLS connection being told "busy": handshake, the line, close_notify, drain, close. */
    static final class Refusal {

        private final Transport transport;
        private final SelectionKey key;
        private final Object peer;
        private final long giveUpAt;
        private final ByteBuffer line = ByteBuffer.wrap(LINE);
        private final ByteBuffer scratch = ByteBuffer.allocate(1024);
        private boolean outputShut;
        private boolean closed;

        Refusal(Transport transport, SelectionKey key, Object peer, long giveUpAt) {
            this.transport = transport;
            this.key = key;
            this.peer = peer;
            this.giveUpAt = giveUpAt;
        }

        void step() throws IOException {
            transport.flush();
            scratch.clear();
            // Reading drives the handshake; whatever the client sends is dropped unread.
            int n = outputShut ? transport.drain(scratch) : transport.read(scratch);
            if (n < 0 && (outputShut || !transport.wantsWrite())) {
                close();
                return;
            }
            if (!outputShut && line.hasRemaining() && transport.acceptsData()) {
                transport.write(line);
            }
            if (!outputShut && !line.hasRemaining() && !transport.wantsWrite()) {
                outputShut = true;
                transport.shutdownOutput();
            }
            key.interestOps(SelectionKey.OP_READ | (transport.wantsWrite() || line.hasRemaining() && transport.acceptsData()
                    ? SelectionKey.OP_WRITE : 0));
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                transport.close();
            } catch (IOException e) {
                LOG.debug("closing {}: {}", peer, e.toString());
            }
        }
    }
}
