package dev.turnstile.route;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.TokenAuthority;
import dev.turnstile.startup.StartupException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The urls a server serves, each with its handler and the plugin it came from (and the built-in
 * {@code /routes} and {@code /stats}), and the plugins' life cycle. Built once, when the plugins
 * start, and never changed, so it is read without locking; its one changing part, the
 * {@link ServerStats} counters, is counted and read on the server thread only.
 *
 * <p><b>Life cycle.</b>
 * <pre>
 *   start(plugins) ──► serving ──disconnected(session)*──► ──stop()──► stopped
 *     │ a plugin throws in start, returns no handler, or the handlers clash (a url twice, two
 *     │ token authorities, no token-free url): the plugins already started are stopped, and
 *     │ StartupException names the plugin (or both handlers) and their jars
 * </pre>
 * {@link #start} runs on the caller's thread before the server opens its port; {@link #disconnected}
 * and {@link #stop} on the server's. Each goes to every plugin once, not to each handler.
 *
 * <p>Facts about the handlers that policy needs are computed here once: the token-free urls (for
 * the 401 texts), the {@link TokenAuthority} if a token-free handler is one, and the union of
 * every handler's {@linkplain Handler#secretMembers() secret members}.
 */
public final class RouteTable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);

    /** Gives each plugin its context at start. */
    @FunctionalInterface
    public interface Contexts {
        /**
         * @param plugin the plugin about to start
         * @return its context
         * @throws StartupException when its context cannot be made (a bad setting value)
         */
        PluginContext contextFor(LoadedPlugin plugin) throws StartupException;
    }

    private final Map<String, Route> byUrl;
    private final List<Route> routes;
    private final List<LoadedPlugin> plugins;
    private final List<String> tokenFreeUrls;
    private final TokenAuthority authority;
    private final Set<String> secretMembers;
    private final ServerStats stats = new ServerStats();
    private boolean stopped;

    private RouteTable(Map<String, Route> byUrl, List<Route> routes, List<LoadedPlugin> plugins,
            TokenAuthority authority) {
        this.byUrl = byUrl;
        this.routes = routes;
        this.plugins = plugins;
        this.authority = authority;
        this.tokenFreeUrls = routes.stream().filter(route -> !route.needsToken()).map(Route::url).toList();
        Set<String> secrets = new TreeSet<>();
        for (Route route : routes) {
            secrets.addAll(route.handler().secretMembers());
        }
        this.secretMembers = Collections.unmodifiableSet(new LinkedHashSet<>(secrets));
    }

    /**
     * Starts every plugin, in order, and builds the table of the handlers they return, with the
     * built-in {@code /routes}. When anything fails, the plugins already started are stopped.
     *
     * @param plugins the plugins, in the order to start them
     * @param contexts the context each plugin's {@link Plugin#start} gets
     * @return the table, listing its routes sorted by url
     * @throws StartupException naming the plugin and its jar when one cannot start or returns no
     *     handler; naming both handlers and their jars when two claim one url or are both a
     *     {@link TokenAuthority}; or when no handler answers without a token
     */
    public static RouteTable start(List<LoadedPlugin> plugins, Contexts contexts) throws StartupException {
        List<LoadedPlugin> started = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        try {
            for (LoadedPlugin plugin : plugins) {
                PluginContext context = contexts.contextFor(plugin);
                Collection<? extends Handler> handlers = startOne(plugin, context);
                started.add(plugin);
                // contains(null) would throw on the immutable collections of List.of.
                if (handlers == null || handlers.isEmpty() || handlers.stream().anyMatch(Objects::isNull)) {
                    throw new StartupException("plugin " + plugin.describe() + " returned "
                            + (handlers == null || handlers.isEmpty() ? "no handler" : "a null handler")
                            + " from start; it must return at least one handler");
                }
                handlers.forEach(handler -> routes.add(new Route(handler, plugin)));
            }
            RouteTable table = build(routes, started);
            requireTokenFreeUrl(table);
            return table;
        } catch (StartupException | RuntimeException | Error e) {
            stop(started);
            throw e;
        }
    }

    /**
     * A table of handlers given in code, each served as a plugin of its own, without starting
     * anything: for embedding the router, and for tests. A table of no token-free url is allowed.
     *
     * @param handlers the handlers
     * @return the table
     * @throws StartupException when two handlers claim one url or are both a token authority
     */
    public static RouteTable of(Handler... handlers) throws StartupException {
        List<LoadedPlugin> plugins = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        for (Handler handler : handlers) {
            LoadedPlugin plugin = LoadedPlugin.ofHandler(handler, Route.sourceOf(handler.getClass()));
            plugins.add(plugin);
            routes.add(new Route(handler, plugin));
        }
        return build(routes, plugins);
    }

    private static Collection<? extends Handler> startOne(LoadedPlugin plugin, PluginContext context)
            throws StartupException {
        try {
            return plugin.plugin().start(context);
        } catch (Exception | LinkageError e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new StartupException("plugin " + plugin.describe() + " cannot start: "
                    + StartupException.oneLine(reason), e);
        }
    }

    /** Refuses invalid and duplicate urls and a second authority; adds {@code /routes} and {@code /stats}. */
    private static RouteTable build(List<Route> routes, List<LoadedPlugin> plugins) throws StartupException {
        RoutesHandler routesHandler = new RoutesHandler();
        StatsHandler statsHandler = new StatsHandler();
        List<Route> all = new ArrayList<>(routes);
        all.add(new Route(routesHandler, LoadedPlugin.handlers(routesHandler).get(0)));
        all.add(new Route(statsHandler, LoadedPlugin.handlers(statsHandler).get(0)));
        Map<String, Route> byUrl = new HashMap<>();
        for (Route route : all) {
            String url = route.url();
            if (url == null || !url.startsWith("/")) {
                throw new StartupException(route.describe() + " declares url " + (url == null ? "null" : '"' + url + '"')
                        + "; a url must start with \"/\"");
            }
            Route earlier = byUrl.putIfAbsent(url, route);
            if (earlier != null) {
                throw new StartupException("url \"" + url + "\" is claimed twice: by " + earlier.describe()
                        + " and by " + route.describe() + "; remove one of the two jars");
            }
        }
        all.sort(Comparator.comparing(Route::url));
        RouteTable table = new RouteTable(byUrl, Collections.unmodifiableList(all), List.copyOf(plugins),
                authorityOf(all));
        routesHandler.describe(table);
        statsHandler.serve(table);
        return table;
    }

    /** Only a handler that answers without a token may decide which tokens are good. */
    private static TokenAuthority authorityOf(List<Route> routes) throws StartupException {
        Route found = null;
        for (Route route : routes) {
            if (!route.needsToken() && route.handler() instanceof TokenAuthority) {
                if (found != null) {
                    throw new StartupException("two handlers decide which tokens are valid: " + found.describe()
                            + " and " + route.describe() + "; remove one of the two jars");
                }
                found = route;
            }
        }
        return found == null ? null : (TokenAuthority) found.handler();
    }

    /** Every url but the login's needs the token, so without a token-free handler no client gets in. */
    private static void requireTokenFreeUrl(RouteTable table) throws StartupException {
        if (table.tokenFreeUrls.isEmpty()) {
            throw new StartupException("no handler answers without a token, so no client could ever log in;"
                    + " put a plugin with a login handler (such as the auth plugin) in the plugins folder");
        }
    }

    /**
     * @param url a request's url
     * @return its route, or {@code null} when no handler serves it
     */
    public Route find(String url) {
        return byUrl.get(url);
    }

    /** @return every route, {@code /routes} included, sorted by url */
    public List<Route> routes() {
        return routes;
    }

    /** @return the server's counters, which {@code /stats} reports; kept on the server thread */
    public ServerStats stats() {
        return stats;
    }

    /** @return the plugins serving the routes, in the order they started */
    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    /** @return the urls a request may reach without a token, sorted */
    public List<String> tokenFreeUrls() {
        return tokenFreeUrls;
    }

    /** @return the token-free handler that is a {@link TokenAuthority}, or {@code null} for none */
    public TokenAuthority authority() {
        return authority;
    }

    /** @return every member name some handler declared secret; a request carrying one is never logged */
    public Set<String> secretMembers() {
        return secretMembers;
    }

    /** Logs one line per route with its handler, plugin, jar and token need: the start-up log's route list. */
    public void logRoutes() {
        for (Route route : routes) {
            LOG.info("route {} -> {} ({}{}), token {}", route.url(), route.handler().getClass().getName(),
                    route.source(), route.plugin().name().equals(route.handler().getClass().getName()) ? ""
                            : ", plugin " + route.plugin().name(),
                    route.needsToken() ? "needed" : "not needed");
        }
    }

    /**
     * Tells every plugin that a client's connection has closed. A plugin that fails is logged; the
     * others are still told.
     *
     * @param session the connection that closed
     */
    public void disconnected(Session session) {
        for (LoadedPlugin plugin : plugins) {
            try {
                plugin.plugin().disconnected(session);
            } catch (RuntimeException | LinkageError e) {
                LOG.error("plugin {} failed on disconnect", plugin.name(), e);
            }
        }
    }

    /**
     * Stops every plugin, the last started first; one that fails is logged and the others are
     * still stopped. Later calls do nothing.
     */
    public void stop() {
        if (!stopped) {
            stopped = true;
            stop(plugins);
        }
    }

    private static void stop(List<LoadedPlugin> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            LoadedPlugin plugin = started.get(i);
            try {
                plugin.plugin().stop();
            } catch (RuntimeException | LinkageError e) {
                LOG.error("plugin {} failed to stop", plugin.name(), e);
            }
        }
    }
}
