package dev.turnstile.server;

import dev.turnstile.startup.StartupException;
import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.route.RouteTable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Turnstile server: one selector thread serving one client at a time.
 *
 * <p>{@link #start} opens the TLS key ({@link ServerTls}: a keystore, or the key pair of
 * {@code tls=auto}, made on the first start), checks the plugin settings against the plugins'
 * declarations, starts every plugin with a context that holds its own settings only and the
 * server's timer, applies {@code ProtectedMode}, logs the routes, binds the port and starts the
 * server thread; {@link #close} fires the timers, stops accepting,
 * answers what the client already sent, closes it, and stops the plugins. Both may be called from
 * any thread.
 *
 * <pre>{@code
 * try (TurnstileServer server = TurnstileServer.start(ServerConfig.defaults().withPort(0),
 *         List.of(LoadedPlugin.of(new AuthPlugin()), LoadedPlugin.ofHandler(new PingHandler(), "class path")))) {
 *     System.out.println(server.address());
 *     server.awaitStop();
 * }
 * }</pre>
 */
public final class TurnstileServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TurnstileServer.class);

    private final RouteTable routes;
    private final InetSocketAddress address;
    private final SelectorLoop loop;
    private final Thread thread;

    private TurnstileServer(RouteTable routes, InetSocketAddress address, SelectorLoop loop) {
        this.routes = routes;
        this.address = address;
        this.loop = loop;
        this.thread = new Thread(this::serve, "turnstile-server");
    }

    /**
     * Starts the plugins, binds the port and starts serving on a new thread.
     *
     * @param config the configuration
     * @param plugins the plugins to serve, in the order to start them
     * @return the running server
     * @throws StartupException when the data folder, a setting, a plugin, the TLS key or the port is
     *     not usable; the message is one line that names what to fix. A
     *     {@link dev.turnstile.startup.SettingsException} when the settings contradict each other, or
     *     would have the server listen beyond loopback with neither TLS nor a login secret
     *     ({@code ProtectedMode})
     */
    public static TurnstileServer start(ServerConfig config, List<LoadedPlugin> plugins) throws StartupException {
        return start(config, plugins, System::nanoTime);
    }

    /**
     * As {@link #start(ServerConfig, List)}, on the given clock: every timeout and every timer of
     * the server's {@link dev.turnstile.spi.ServerTimer} is measured on it. For tests, which move a
     * clock of their own (and {@link #wakeUp} the loop after moving it).
     *
     * @param clock nanoseconds, like {@link System#nanoTime()}: only differences matter
     */
    static TurnstileServer start(ServerConfig config, List<LoadedPlugin> plugins, LongSupplier clock)
            throws StartupException {
        SSLContext tls = ServerTls.open(config);
        Selector selector;
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new StartupException("cannot start the server loop: " + e.getMessage(), e);
        }
        LoopTimer timer = new LoopTimer(clock, selector::wakeup);
        StartedPlugins started;
        try {
            started = StartedPlugins.start(config, plugins, timer);
        } catch (StartupException | RuntimeException | Error e) {
            closeQuietly(selector);
            throw e;
        }
        RouteTable routes = started.routes();
        routes.logRoutes();
        ProtectedMode.warning(config, routes).ifPresent(LOG::warn);
        try {
            ServerSocketChannel listener = bind(config);
            try {
                listener.configureBlocking(false);
                SelectorLoop loop = new SelectorLoop(config, routes, selector, listener, clock, timer, tls);
                InetSocketAddress bound = (InetSocketAddress) listener.getLocalAddress();
                TurnstileServer server = new TurnstileServer(routes, bound, loop);
                server.thread.start();
                LOG.info("listening on {}:{}{}", hostText(bound), bound.getPort(), tls == null ? "" : " (TLS)");
                return server;
            } catch (IOException e) {
                listener.close();
                throw new StartupException("cannot start the server loop: " + e.getMessage(), e);
            }
        } catch (StartupException e) {
            started.close();
            closeQuietly(selector);
            throw e;
        } catch (IOException e) {
            started.close();
            closeQuietly(selector);
            throw new StartupException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    /** @return the address the server listens on, with the real port when 0 was asked for */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Blocks until the server has stopped.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void awaitStop() throws InterruptedException {
        thread.join();
    }

    /**
     * Stops the server gracefully: stops accepting, answers what was already received, closes the
     * client, stops the handlers. Returns when all of that is done.
     */
    @Override
    public void close() {
        loop.requestStop();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            // The loop gives a slow client a few seconds to take its last answers.
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Makes the server thread look at its clock now instead of at the deadline it computed: for
     * tests that move the clock given to {@link #start(ServerConfig, List, LongSupplier)}.
     */
    void wakeUp() {
        loop.wakeUp();
    }

    private void serve() {
        try {
            loop.run();
        } finally {
            routes.stop();
            LOG.info("stopped");
        }
    }

    private static void closeQuietly(Selector selector) {
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector: {}", e.toString());
        }
    }

    private static ServerSocketChannel bind(ServerConfig config) throws IOException, StartupException {
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (address.isUnresolved()) {
            throw new StartupException("cannot listen on " + config.host() + ": no such host or address; check --host");
        }
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.bind(address, 64);
            return listener;
        } catch (BindException e) {
            listener.close();
            throw new StartupException("cannot listen on " + hostText(address) + ":" + config.port() + ": "
                    + (e.getMessage() != null && e.getMessage().contains("in use")
                            ? "the port is already in use; stop the other server or choose another --port"
                            : e.getMessage()), e);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
    }

    private static String hostText(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
}
