package dev.turnstile.server;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.route.RouteTable;
import dev.turnstile.startup.StartupException;
import java.nio.file.Path;
import java.util.List;

/**
 * The plugins of a server, started: their settings checked and parsed, each started with its own
 * {@link dev.turnstile.spi.PluginContext}, and the route table of the handlers they returned. A
 * {@link TurnstileServer} starts them before it opens its port; {@code --check} starts them the same
 * way, prints the table and {@linkplain #close() stops} them, without a port or a loop.
 */
public final class StartedPlugins implements AutoCloseable {

    private final RouteTable routes;
    private final LoopTimer timer;

    private StartedPlugins(RouteTable routes, LoopTimer timer) {
        this.routes = routes;
        this.timer = timer;
    }

    /**
     * Starts the plugins as a server would, with a timer that no loop runs: its futures complete
     * only when this is closed. For {@code --check}.
     *
     * @param config the configuration: the data folder, the home and the plugin settings given
     * @param plugins the plugins, in the order to start them
     * @return the started plugins
     * @throws StartupException as {@link TurnstileServer#start} would, before it binds: also when
     *     the server would listen beyond loopback with neither TLS nor a login secret ({@code ProtectedMode})
     */
    public static StartedPlugins start(ServerConfig config, List<LoadedPlugin> plugins) throws StartupException {
        return start(config, plugins, new LoopTimer(System::nanoTime, () -> { }));
    }

    static StartedPlugins start(ServerConfig config, List<LoadedPlugin> plugins, LoopTimer timer)
            throws StartupException {
        PluginSettings settings = PluginSettings.of(plugins);
        settings.requireDeclared(config.settings().keySet(), null);
        Path dataDir = DataFolder.create(config.dataDir());
        RouteTable routes = RouteTable.start(plugins, plugin -> settings.contextFor(plugin, config, dataDir, timer));
        try {
            ProtectedMode.check(config, routes);
        } catch (StartupException e) {
            routes.stop();
            throw e;
        }
        return new StartedPlugins(routes, timer);
    }

    /** @return the route table of the started plugins' handlers */
    public RouteTable routes() {
        return routes;
    }

    /** Completes every pending timer, as a stopping server does, then stops the plugins. */
    @Override
    public void close() {
        timer.fireAll();
        routes.stop();
    }
}
