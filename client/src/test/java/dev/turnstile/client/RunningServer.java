package dev.turnstile.client;

import dev.turnstile.auth.LoginHandler;
import dev.turnstile.route.RouteTable;
import dev.turnstile.sample.EchoHandler;
import dev.turnstile.sample.PingHandler;
import dev.turnstile.sample.TimeHandler;
import dev.turnstile.server.BusyPolicy;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.spi.Handler;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A real Turnstile server on a free loopback port, with the real auth and sample handlers. */
public final class RunningServer implements AutoCloseable {

    private final TurnstileServer server;

    private RunningServer(TurnstileServer server) {
        this.server = server;
    }

    /** Starts the shipped handlers: {@code /login}, {@code /ping}, {@code /echo}, {@code /time}. */
    public static RunningServer start(Path dataDir) throws Exception {
        return start(dataDir, BusyPolicy.REJECT, new LoginHandler());
    }

    /** Starts the shipped handlers, the server configured by {@code configure} from a free port and {@code dataDir}. */
    public static RunningServer start(Path dataDir, UnaryOperator<ServerConfig> configure) throws Exception {
        ServerConfig config = configure.apply(ServerConfig.defaults().withPort(0).withDataDir(dataDir));
        RouteTable routes = RouteTable.of(new LoginHandler(), new PingHandler(), new EchoHandler(), new TimeHandler());
        return new RunningServer(TurnstileServer.start(config, routes));
    }

    /** Starts the sample handlers with the given login handler and busy policy. */
    public static RunningServer start(Path dataDir, BusyPolicy busy, Handler login) throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dataDir).withBusy(busy);
        RouteTable routes = RouteTable.of(login, new PingHandler(), new EchoHandler(), new TimeHandler());
        return new RunningServer(TurnstileServer.start(config, routes));
    }

    /** Starts the shipped handlers behind TLS, with the given PKCS12 keystore. */
    public static RunningServer startTls(Path dataDir, Path keystore, String password) throws Exception {
        return startTls(dataDir, keystore, password, 0);
    }

    /** Starts the shipped handlers behind TLS on the given port (0 for a free one). */
    public static RunningServer startTls(Path dataDir, Path keystore, String password, int port) throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(port).withDataDir(dataDir).withTls(keystore, password);
        RouteTable routes = RouteTable.of(new LoginHandler(), new PingHandler(), new EchoHandler(), new TimeHandler());
        return new RunningServer(TurnstileServer.start(config, routes));
    }

    public int port() {
        return server.address().getPort();
    }

    /** Client options for this server, logging in as {@code test-box}. */
    public ClientOptions options() {
        return ClientOptions.defaults().withPort(port()).withHostname("test-box");
    }

    @Override
    public void close() {
        server.close();
    }
}
