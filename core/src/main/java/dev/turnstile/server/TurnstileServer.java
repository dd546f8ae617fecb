package dev.turnstile.server;

import dev.turnstile.route.RouteTable;
import java.net.InetSocketAddress;

/**
 * A running Turnstile server: one selector thread serving one client at a time.
 *
 * <pre>{@code
 * try (TurnstileServer server = TurnstileServer.start(ServerConfig.defaults().withPort(0), routes)) {
 *     System.out.println(server.address());
 *     server.awaitStop();
 * }
 * }</pre>
 */
public final class TurnstileServer implements AutoCloseable {

    private TurnstileServer() {
    }

    /**
     * Starts the handlers, binds the port and starts serving on a new thread.
     *
     * @param config the configuration
     * @param routes the handlers to serve
     * @return the running server
     * @throws StartupException when a handler cannot start or the port cannot be bound
     */
    public static TurnstileServer start(ServerConfig config, RouteTable routes) throws StartupException {
        throw new StartupException("the server loop is being written");
    }

    /** @return the address the server listens on, with the real port when 0 was asked for */
    public InetSocketAddress address() {
        return null;
    }

    /** Blocks until the server has stopped. */
    public void awaitStop() throws InterruptedException {
    }

    /**
     * Stops the server gracefully: stops accepting, answers what was already received, closes the
     * client, stops the handlers. Returns when all of that is done.
     */
    @Override
    public void close() {
    }
}
