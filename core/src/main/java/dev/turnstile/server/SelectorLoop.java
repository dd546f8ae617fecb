package dev.turnstile.server;

import dev.turnstile.route.Route;
import dev.turnstile.route.RouteTable;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server thread: one selector, the listening socket and at most one client connection.
 *
 * <p>It only moves bytes and reacts to state; everything about a request happens in
 * {@link Connection} and {@link RequestProcessor}. It sleeps in {@code select} until a socket is
 * ready or the nearest connection deadline, so an idle server uses no CPU.
 */
final class SelectorLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SelectorLoop.class);
    private static final long STOP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final String BUSY_MESSAGE =
            "another client is connected; Turnstile serves one client at a time, try again later";
    private static final byte[] BUSY = ("{\"code\":503,\"error\":\"" + BUSY_MESSAGE + "\"}\n")
            .getBytes(StandardCharsets.US_ASCII);
    /** How long a busy refusal over TLS may take, handshake included. */
    private static final long REFUSAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Busy refusals over TLS in progress at once; more are closed without a word, so they cannot pile up. */
    static final int MAX_REFUSALS = 8;

    private final ServerConfig config;
    private final RouteTable routes;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final SelectionKey acceptKey;
    private final RequestProcessor processor;
    private final LongSupplier clock;
    private final SSLContext tls;
    /** Connections that are being told "busy" over TLS, which takes a handshake first. */
    private final List<Connection> refusals = new ArrayList<>();

    private Connection client;
    private volatile boolean stopRequested;
    private volatile long peakBufferedBytes;

    /**
     * @param tls the TLS context, or {@code null} for plain TCP
     */
    SelectorLoop(ServerConfig config, RouteTable routes, Selector selector, ServerSocketChannel listener,
            LongSupplier clock, SSLContext tls) throws IOException {
        this.config = config;
        this.tls = tls;
        this.routes = routes;
        this.selector = selector;
        this.listener = listener;
        this.clock = clock;
        this.processor = new RequestProcessor(routes);
        this.acceptKey = listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    /** Asks the loop to stop; safe from any thread. */
    void requestStop() {
        stopRequested = true;
        selector.wakeup();
    }

    /** @return the most bytes any connection's buffers have held at once */
    long peakBufferedBytes() {
        return peakBufferedBytes;
    }

    @Override
    public void run() {
        try {
            while (!stopRequested) {
                selectOnce(clock.getAsLong());
            }
            drainAndClose();
        } catch (IOException | RuntimeException e) {
            LOG.error("the server loop failed; stopping", e);
            if (client != null) {
                disconnect();
            }
        } finally {
            closeQuietly();
        }
    }

    private void selectOnce(long now) throws IOException {
        long deadline = client == null ? Long.MAX_VALUE : client.deadline();
        for (Connection refusal : refusals) {
            deadline = Math.min(deadline, refusal.deadline());
        }
        if (client != null && client.readPending()) {
            selector.selectNow();
        } else if (deadline == Long.MAX_VALUE) {
            selector.select();
        } else {
            long millis = TimeUnit.NANOSECONDS.toMillis(deadline - now) + 1;
            if (millis > 0) {
                selector.select(millis);
            } else {
                selector.selectNow();
            }
        }
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
            SelectionKey key = ready.next();
            ready.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key == acceptKey) {
                acceptAll();
            } else if (client != null && key.attachment() == client) {
                onClientReady(key);
            } else if (key.attachment() instanceof Connection refusal) {
                onRefusalReady(key, refusal);
            }
        }
        checkRefusals(clock.getAsLong());
        if (client != null && client.readPending()) {
            // Input the transport already holds raises no readiness event of its own.
            onClientReady(null);
        }
        if (client != null) {
            try {
                client.checkTimers(clock.getAsLong());
            } catch (IOException e) {
                LOG.info("connection from {} failed: {}", client.session(), e.toString());
                client.close();
            }
            afterClientEvent();
        }
    }

    private void onClientReady(SelectionKey key) {
        long now = clock.getAsLong();
        try {
            if (key == null || key.isReadable()) {
                client.onReadable(now);
            } else if (key.isWritable()) {
                client.onWritable(now);
            }
        } catch (IOException e) {
            // A reset or broken pipe: the client is gone, nothing to answer.
            LOG.info("connection from {} failed: {}", client.session(), e.toString());
            client.close();
        } catch (RuntimeException e) {
            LOG.error("closing the connection from {} after an internal error", client.session(), e);
            client.close();
        }
        afterClientEvent();
    }

    private void onRefusalReady(SelectionKey key, Connection refusal) {
        long now = clock.getAsLong();
        try {
            if (key.isReadable()) {
                refusal.onReadable(now);
            } else if (key.isWritable()) {
                refusal.onWritable(now);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("refusing {}: {}", refusal.session(), e.toString());
            refusal.close();
        }
    }

    private void checkRefusals(long now) {
        for (Iterator<Connection> it = refusals.iterator(); it.hasNext();) {
            Connection refusal = it.next();
            try {
                refusal.checkTimers(now);
            } catch (IOException e) {
                refusal.close();
            }
            if (refusal.isClosed()) {
                it.remove();
            }
        }
    }

    private void acceptAll() throws IOException {
        SocketChannel channel;
        while (!stopRequested && (channel = listener.accept()) != null) {
            if (client == null) {
                open(channel);
                if (config.busy() == BusyPolicy.QUEUE) {
                    // Leave the others in the kernel's backlog, in arrival order.
                    acceptKey.interestOps(0);
                    return;
                }
            } else if (tls == null) {
                rejectBusy(channel);
            } else {
                rejectBusyOverTls(channel);
            }
        }
    }

    private void open(SocketChannel channel) throws IOException {
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            client = new Connection(channel, transport(channel), key, config, processor, clock.getAsLong());
            key.attach(client);
            LOG.info("connection from {}", client.session());
        } catch (IOException e) {
            LOG.info("could not set up a connection: {}", e.toString());
            channel.close();
        }
    }

    private Transport transport(SocketChannel channel) throws IOException {
        if (tls == null) {
            return new PlainTransport(channel);
        }
        SSLEngine engine = tls.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(TlsContexts.PROTOCOLS);
        return new TlsTransport(channel, engine, channel.getRemoteAddress());
    }

    /** Over TLS the 503 can only be said after a handshake, which the loop drives like any other I/O. */
    private void rejectBusyOverTls(SocketChannel channel) throws IOException {
        if (refusals.size() >= MAX_REFUSALS) {
            LOG.info("closed a connection without a word: {} busy refusals are already under way", refusals.size());
            channel.close();
            return;
        }
        try {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            long now = clock.getAsLong();
            Connection refusal = new Connection(channel, transport(channel), key, config, processor, now);
            key.attach(refusal);
            refusal.refuseAsBusy(BUSY_MESSAGE, now + REFUSAL_NANOS);
            refusals.add(refusal);
            LOG.info("rejected {}: busy with {}", refusal.session(), client.session());
        } catch (IOException e) {
            LOG.debug("rejecting a busy connection: {}", e.toString());
            channel.close();
        }
    }

    private void rejectBusy(SocketChannel channel) {
        try (channel) {
            channel.configureBlocking(false);
            Object address = channel.getRemoteAddress();
            // One small line fits any socket buffer, so a non-blocking write sends it whole.
            channel.write(ByteBuffer.wrap(BUSY));
            channel.shutdownOutput();
            LOG.info("rejected {}: busy with {}", address, client.session());
        } catch (IOException e) {
            LOG.debug("rejecting a busy connection: {}", e.toString());
        }
    }

    private void afterClientEvent() {
        if (client == null) {
            return;
        }
        peakBufferedBytes = Math.max(peakBufferedBytes, client.peakBufferedBytes());
        if (client.isClosed()) {
            disconnect();
        }
    }

    private void disconnect() {
        Connection gone = client;
        client = null;
        gone.close();
        LOG.info("closed connection from {} after {} requests", gone.session(), gone.requests());
        for (Route route : routes.routes()) {
            try {
                route.handler().disconnected(gone.session());
            } catch (RuntimeException e) {
                LOG.error("handler {} failed on disconnect", route.handler().getClass().getName(), e);
            }
        }
        if (!stopRequested && acceptKey.isValid()) {
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** Stop accepting, answer what the client already sent, and close it, within a grace period. */
    private void drainAndClose() throws IOException {
        acceptKey.cancel();
        listener.close();
        if (client == null) {
            return;
        }
        long giveUp = clock.getAsLong() + STOP_GRACE_NANOS;
        try {
            client.stop(clock.getAsLong());
        } catch (IOException e) {
            client.close();
        }
        afterClientEvent();
        while (client != null) {
            long left = giveUp - clock.getAsLong();
            if (left <= 0) {
                LOG.info("closing {} with unsent answers: the client did not read them in time", client.session());
                disconnect();
                return;
            }
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
            while (ready.hasNext()) {
                SelectionKey key = ready.next();
                ready.remove();
                if (key.isValid() && client != null && key.attachment() == client) {
                    onClientReady(key);
                }
            }
        }
    }

    private void closeQuietly() {
        refusals.forEach(Connection::close);
        refusals.clear();
        try {
            listener.close();
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector: {}", e.toString());
        }
    }
}
