package dev.turnstile.route;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerContext;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.TokenAuthority;
import dev.turnstile.startup.StartupException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The urls a server serves, each with its handler, and the handlers' life cycle. Built once at
 * start-up and never changed, so it is read without locking.
 *
 * <p><b>Life cycle.</b> The server calls {@link #start} once before it opens its port,
 * {@link #disconnected} each time a client leaves, and {@link #stop} once when it stops:
 * <pre>
 *   built ──start──► started ──disconnected(session)*──► ──stop──► stopped
 *           │ a handler fails: those already started are stopped, StartupException
 * </pre>
 * All three run on one thread at a time (start on the caller's, the others on the server's).
 *
 * <p>Facts about the handlers that policy needs are computed here once: the token-free urls (for
 * the 401 texts), the {@link TokenAuthority} if a token-free handler is one, and the union of
 * every handler's {@linkplain Handler#secretMembers() secret members}.
 */
public final class RouteTable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);

    private final Map<String, Route> byUrl;
    private final List<Route> routes;
    private final List<String> tokenFreeUrls;
    private final TokenAuthority authority;
    private final Set<String> secretMembers;

    private RouteTable(Map<String, Route> byUrl, List<Route> routes, TokenAuthority authority) {
        this.byUrl = byUrl;
        this.routes = routes;
        this.authority = authority;
        this.tokenFreeUrls = routes.stream().filter(route -> !route.needsToken()).map(Route::url).toList();
        Set<String> secrets = new TreeSet<>();
        for (Route route : routes) {
            secrets.addAll(route.handler().secretMembers());
        }
        this.secretMembers = Collections.unmodifiableSet(new LinkedHashSet<>(secrets));
    }

    /**
     * Builds a table, refusing invalid and duplicate urls. The built-in {@code /routes} is added.
     *
     * @param routes the routes, in any order
     * @return the table, listing its routes sorted by url
     * @throws StartupException naming both handlers and their sources when two claim one url, or
     *     when two token-free handlers are both a {@link TokenAuthority}
     */
    public static RouteTable of(List<Route> routes) throws StartupException {
        RoutesHandler routesHandler = new RoutesHandler();
        List<Route> all = new ArrayList<>(routes);
        all.add(Route.onClassPath(routesHandler));
        Map<String, Route> byUrl = new HashMap<>();
        for (Route route : all) {
            String url = route.url();
            if (url == null || !url.startsWith("/")) {
                throw new StartupException(describe(route) + " declares url " + (url == null ? "null" : '"' + url + '"')
                        + "; a url must start with \"/\"");
            }
            Route earlier = byUrl.putIfAbsent(url, route);
            if (earlier != null) {
                throw new StartupException("url \"" + url + "\" is claimed twice: by " + describe(earlier)
                        + " and by " + describe(route) + "; remove one of the two jars");
            }
        }
        all.sort(Comparator.comparing(Route::url));
        RouteTable table = new RouteTable(byUrl, Collections.unmodifiableList(all), authorityOf(all));
        routesHandler.describe(table);
        return table;
    }

    /**
     * A table of handlers found on the class path; convenient for tests.
     *
     * @param handlers the handlers
     * @return the table
     * @throws StartupException when two handlers claim one url
     */
    public static RouteTable of(Handler... handlers) throws StartupException {
        return of(Arrays.stream(handlers).map(Route::onClassPath).toList());
    }

    /** Only a handler that answers without a token may decide which tokens are good. */
    private static TokenAuthority authorityOf(List<Route> routes) throws StartupException {
        Route found = null;
        for (Route route : routes) {
            if (!route.needsToken() && route.handler() instanceof TokenAuthority) {
                if (found != null) {
                    throw new StartupException("two handlers decide which tokens are valid: " + describe(found)
                            + " and " + describe(route) + "; remove one of the two jars");
                }
                found = route;
            }
        }
        return found == null ? null : (TokenAuthority) found.handler();
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

    /**
     * Starts every handler, in url order. When one fails, those already started are stopped.
     *
     * @param contexts the context each handler's {@link Handler#start} gets
     * @throws StartupException naming the handler, its jar and its message
     */
    public void start(Function<Route, HandlerContext> contexts) throws StartupException {
        List<Route> started = new ArrayList<>();
        for (Route route : routes) {
            try {
                route.handler().start(contexts.apply(route));
                started.add(route);
            } catch (Exception | LinkageError e) {
                stop(started);
                throw new StartupException("handler " + describe(route) + " cannot start: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Tells every handler that a client's connection has closed. A handler that fails is logged;
     * the others are still told.
     *
     * @param session the connection that closed
     */
    public void disconnected(Session session) {
        for (Route route : routes) {
            try {
                route.handler().disconnected(session);
            } catch (RuntimeException | LinkageError e) {
                LOG.error("handler {} failed on disconnect", route.handler().getClass().getName(), e);
            }
        }
    }

    /** Stops every handler; one that fails is logged and the others are still stopped. */
    public void stop() {
        stop(routes);
    }

    private static void stop(List<Route> started) {
        for (Route route : started) {
            try {
                route.handler().stop();
            } catch (RuntimeException | LinkageError e) {
                LOG.error("handler {} failed to stop", route.handler().getClass().getName(), e);
            }
        }
    }

    private static String describe(Route route) {
        return route.handler().getClass().getName() + " (" + route.source() + ")";
    }
}
