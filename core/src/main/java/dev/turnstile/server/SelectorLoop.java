package dev.turnstile.server;

import dev.turnstile.route.RouteTable;
import dev.turnstile.route.Router;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server thread: one selector, the listening socket and at most one client connection.
 *
 * <p>It only moves events: readiness and deadlines go to the {@link Connection} through one
 * {@link #dispatch} method, busy newcomers to {@link BusyRefusals}, and after each event the
 * connection's {@linkplain Connection#interest() interest} is applied to its key. It sleeps in
 * {@code select} until a socket is ready, the nearest deadline (the connection's, a busy refusal's
 * or a {@link LoopTimer}'s), or a {@link #wakeUp} (a later answer has come on another thread, or a
 * nearer timer was set), so an idle server uses no CPU. Due timers fire on this thread, then the
 * connection looks at its own.
 */
final class SelectorLoop implements Runnable {

    /** What happened to the client, for {@link #dispatch}. */
    private enum Event { READABLE, WRITABLE, TIMERS, STOP }

    private static final Logger LOG = LoggerFactory.getLogger(SelectorLoop.class);
    private static final long STOP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ServerConfig config;
    private final RouteTable routes;
    private final Router router;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final SelectionKey acceptKey;
    private final LongSupplier clock;
    private final SSLContext tls;
    private final BusyRefusals refusals;
    private final LoopTimer timer;

    private Connection client;
    private SelectionKey clientKey;
    private volatile boolean stopRequested;

    /**
     * @param tls the TLS context, or {@code null} for plain TCP
     */
    SelectorLoop(ServerConfig config, RouteTable routes, Selector selector, ServerSocketChannel listener,
            LongSupplier clock, LoopTimer timer, SSLContext tls) throws IOException {
        this.config = config;
        this.tls = tls;
        this.routes = routes;
        this.router = new Router(routes);
        this.selector = selector;
        this.listener = listener;
        this.clock = clock;
        this.timer = timer;
        this.refusals = new BusyRefusals(selector, tls);
        this.acceptKey = listener.register(selector, SelectionKey.OP_ACCEPT);
        routes.stats().started(clock);
    }

    /** Asks the loop to stop; safe from any thread. */
    void requestStop() {
        stopRequested = true;
        selector.wakeup();
    }

    /**
     * Makes the loop read its clock and look at its connection again now, as a socket event would;
     * safe from any thread. A wake-up while the loop is not in {@code select} is not lost: the
     * selector makes its next {@code select} return at once (a {@code selectNow} in between takes
     * it, but every turn looks at the connection after its select, so what the waker changed
     * before waking is seen either way). After the selector has closed it does nothing.
     */
    void wakeUp() {
        selector.wakeup();
    }

    @Override
    public void run() {
        timer.firedOn(Thread.currentThread());
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
        long deadline = Math.min(Math.min(client == null ? Long.MAX_VALUE : client.deadline(), refusals.deadline()),
                timer.nextDeadline());
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
            } else if (key == clientKey) {
                dispatch(readiness(key));
            } else if (key.attachment() instanceof BusyRefusals.Refusal refusal) {
                refusals.onReady(refusal);
            }
        }
        refusals.checkTimers(clock.getAsLong());
        timer.fireDue(clock.getAsLong());
        if (client != null && client.readPending()) {
            serveBufferedInput();
        }
        if (client != null) {
            dispatch(Event.TIMERS);
        }
    }

    private static Event readiness(SelectionKey key) {
        return key.isReadable() ? Event.READABLE : Event.WRITABLE;
    }

    /** Input the transport already holds (decrypted TLS records) raises no readiness event of its own. */
    private void serveBufferedInput() {
        dispatch(Event.READABLE);
    }

    /** Hands one event to the client, then applies its interest or disconnects it. */
    private void dispatch(Event event) {
        long now = clock.getAsLong();
        try {
            switch (event) {
                case READABLE -> client.onReadable(now);
                case WRITABLE -> client.onWritable(now);
                case TIMERS -> client.checkTimers(now);
                case STOP -> client.stop(now);
            }
        } catch (IOException e) {
            // A reset or broken pipe: the client is gone, nothing to answer.
            LOG.info("connection from {} failed: {}", client.session(), e.toString());
            client.close();
        } catch (RuntimeException e) {
            LOG.error("closing the connection from {} after an internal error", client.session(), e);
            client.close();
        }
        if (client.isClosed()) {
            disconnect();
        } else if (clientKey.isValid()) {
            clientKey.interestOps(client.interest());
        }
    }

    private void acceptAll() throws IOException {
        SocketChannel channel;
        boolean clientCaughtUp = false;
        while (!stopRequested && (channel = listener.accept()) != null) {
            if (client != null && !clientCaughtUp) {
                // A client that closes and reconnects at once (the original Python client does, for
                // every request) can have its end of stream and its next connection in one select
                // batch: read the end first, or the newcomer would be refused as busy by its own
                // closed connection.
                dispatch(Event.READABLE);
                clientCaughtUp = true;
            }
            if (client == null) {
                open(channel);
                // The newcomer just opened may itself be gone already (connected and closed while
                // it waited in the backlog): the next one in this batch reads its end first too.
                clientCaughtUp = false;
                if (config.busy() == BusyPolicy.QUEUE) {
                    // Leave the others in the kernel's backlog, in arrival order.
                    acceptKey.interestOps(0);
                    return;
                }
            } else {
                routes.stats().refusedBusy();
                refusals.refuse(channel, client.session(), clock.getAsLong());
            }
        }
    }

    private void open(SocketChannel channel) throws IOException {
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Transport transport = tls == null ? new PlainTransport(channel) : TlsContexts.serverTransport(tls, channel);
            clientKey = channel.register(selector, SelectionKey.OP_READ);
            client = new Connection(transport, (InetSocketAddress) channel.getRemoteAddress(), config, router,
                    clock.getAsLong(), this::wakeUp);
            routes.stats().accepted();
            LOG.info("connection from {}", client.session());
        } catch (IOException e) {
            LOG.info("could not set up a connection: {}", e.toString());
            channel.close();
        }
    }

    private void disconnect() {
        Connection gone = client;
        client = null;
        clientKey.cancel();
        clientKey = null;
        gone.close();
        LOG.info("closed connection from {} after {} requests", gone.session(), gone.requests());
        routes.disconnected(gone.session());
        if (!stopRequested && acceptKey.isValid()) {
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /**
     * Fire every timer (a delayed answer or a long poll is answered now), stop accepting, answer
     * what the client already sent, and close it, within a grace period.
     */
    private void drainAndClose() throws IOException {
        timer.fireAll();
        acceptKey.cancel();
        listener.close();
        if (client == null) {
            return;
        }
        long giveUp = clock.getAsLong() + STOP_GRACE_NANOS;
        dispatch(Event.STOP);
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
                if (key.isValid() && key == clientKey) {
                    dispatch(readiness(key));
                }
            }
        }
    }

    private void closeQuietly() {
        timer.fireAll(); // done already after a clean stop; after a failure, nothing waits for ever
        refusals.closeAll();
        try {
            listener.close();
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector: {}", e.toString());
        }
    }
}
