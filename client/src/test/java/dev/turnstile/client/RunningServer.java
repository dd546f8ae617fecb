package dev.turnstile.client;

import dev.turnstile.auth.AuthPlugin;
import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.sample.EchoHandler;
import dev.turnstile.sample.PingHandler;
import dev.turnstile.sample.TimeHandler;
import dev.turnstile.server.BusyPolicy;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.spi.Handler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A real Turnstile server on a free loopback port, with the real auth plugin and the sample handlers. */
public final class RunningServer implements AutoCloseable {

    private final TurnstileServer server;

    private RunningServer(TurnstileServer server) {
        this.server = server;
    }

    /** Starts the shipped plugins: {@code /login}, {@code /ping}, {@code /echo}, {@code /time}. */
    public static RunningServer start(Path dataDir) throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dataDir);
        return new RunningServer(TurnstileServer.start(config, plugins(LoadedPlugin.of(new AuthPlugin()))));
    }

    /** Starts the shipped plugins, the server configured by {@code configure} from a free port and {@code dataDir}. */
    public static RunningServer start(Path dataDir, UnaryOperator<ServerConfig> configure) throws Exception {
        ServerConfig config = configure.apply(ServerConfig.defaults().withPort(0).withDataDir(dataDir));
        return new RunningServer(TurnstileServer.start(config, plugins(LoadedPlugin.of(new AuthPlugin()))));
    }

    /** Starts the sample handlers with the given login handler and busy policy. */
    public static RunningServer start(Path dataDir, BusyPolicy busy, Handler login) throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dataDir).withBusy(busy);
        return new RunningServer(TurnstileServer.start(config, plugins(LoadedPlugin.handlers(login).get(0))));
    }

    /** Starts the shipped plugins behind TLS, with the given PKCS12 keystore. */
    public static RunningServer startTls(Path dataDir, Path keystore, String password) throws Exception {
        return startTls(dataDir, keystore, password, 0);
    }

    /** Starts the shipped plugins behind TLS on the given port (0 for a free one). */
    public static RunningServer startTls(Path dataDir, Path keystore, String password, int port) throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(port).withDataDir(dataDir).withTls(keystore, password);
        return new RunningServer(TurnstileServer.start(config, plugins(LoadedPlugin.of(new AuthPlugin()))));
    }

    private static List<LoadedPlugin> plugins(LoadedPlugin login) {
        List<LoadedPlugin> plugins = new ArrayList<>(List.of(login));
        plugins.addAll(LoadedPlugin.handlers(new PingHandler(), new EchoHandler(), new TimeHandler()));
        return plugins;
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
