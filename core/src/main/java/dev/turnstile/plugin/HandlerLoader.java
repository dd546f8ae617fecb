package dev.turnstile.plugin;

import dev.turnstile.route.Route;
import dev.turnstile.route.RouteTable;
import dev.turnstile.startup.StartupException;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the server's handlers: those on its own class path, then those in every {@code *.jar} of
 * the plugins folder, in file-name order, each jar through a class loader of its own.
 *
 * <p>Loading is all or nothing. A jar that is not a jar, a listed class that is missing, cannot
 * be loaded or cannot be constructed, two handlers claiming one url, or no handler that answers
 * without a token, ends start-up with a {@link StartupException} whose message is one line naming
 * the jar, the class and what to fix; every plugin class loader opened by then is closed.
 *
 * <pre>{@code
 * try (LoadedHandlers handlers = HandlerLoader.load(pluginsDir, HandlerLoader.class.getClassLoader())) {
 *     try (TurnstileServer server = TurnstileServer.start(config, handlers.table())) { ... }
 * }
 * }</pre>
 */
public final class HandlerLoader {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerLoader.class);

    private HandlerLoader() {
    }

    /**
     * Finds every handler on the parent loader's class path and in every *.jar of pluginsDir
     * (sorted by file name).
     *
     * @param pluginsDir the plugins folder; it must exist, and may be empty
     * @param parent the server's class loader, which must see turnstile-core; it is the parent of
     *     every plugin jar's loader
     * @return the route table and the plugin class loaders, to close when the server has stopped
     * @throws StartupException with a one-line message naming the jar and the cause
     */
    public static LoadedHandlers load(Path pluginsDir, ClassLoader parent) throws StartupException {
        return load(pluginsDir, parent, PluginClassLoaders.STANDARD);
    }

    static LoadedHandlers load(Path pluginsDir, ClassLoader parent, PluginClassLoaders classLoaders)
            throws StartupException {
        Objects.requireNonNull(pluginsDir, "pluginsDir");
        Objects.requireNonNull(parent, "parent");
        List<URLClassLoader> opened = new ArrayList<>();
        try {
            PluginFolder folder = new PluginFolder(pluginsDir);
            List<Path> jars = folder.jars();
            List<Route> routes = new ArrayList<>(ClassPathHandlers.find(parent));
            BundledClasses bundled = new BundledClasses(parent);
            for (Path jar : jars) {
                String shownName = folder.shownName(jar);
                PluginJar plugin = PluginJar.inspect(jar, shownName, parent, bundled);
                if (plugin.listed().isEmpty()) {
                    LOG.warn("plugin jar {} lists no handler in {}; it serves nothing", shownName, ServiceListing.FILE);
                    continue;
                }
                URLClassLoader loader = open(classLoaders, jar, shownName, parent);
                opened.add(loader);
                LOG.debug("opened plugin jar {} listing {}", shownName, plugin.listed());
                routes.addAll(plugin.load(loader));
            }
            RouteTable table = RouteTable.of(routes);
            requireTokenFreeHandler(table);
            return new LoadedHandlers(table, opened);
        } catch (StartupException | RuntimeException | Error e) {
            LoadedHandlers.closeAll(opened, e);
            throw e;
        }
    }

    private static URLClassLoader open(PluginClassLoaders classLoaders, Path jar, String shownName, ClassLoader parent)
            throws StartupException {
        try {
            return classLoaders.open(jar, parent);
        } catch (IOException e) {
            throw new StartupException("plugin jar " + shownName + " cannot be opened as a jar (" + e.getMessage()
                    + "); remove it or replace it with a real jar");
        }
    }

    /** Logs one line per route, for the start-up log of a real start (not for --help or --check). */
    static void logRoutes(RouteTable table) {
        for (Route route : table.routes()) {
            LOG.info("route {} -> {} ({}), token {}", route.url(), route.handler().getClass().getName(),
                    route.source(), route.needsToken() ? "needed" : "not needed");
        }
    }

    /** Every url but the login's needs the token, so without a token-free handler no client gets in. */
    private static void requireTokenFreeHandler(RouteTable table) throws StartupException {
        if (table.routes().stream().allMatch(Route::needsToken)) {
            throw new StartupException("no handler answers without a token, so no client could ever log in;"
                    + " put a plugin with a login handler (such as the auth plugin) in the plugins folder");
        }
    }
}
