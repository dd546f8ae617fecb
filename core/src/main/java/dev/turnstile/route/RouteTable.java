package dev.turnstile.route;

import dev.turnstile.startup.StartupException;
import dev.turnstile.spi.Handler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The urls a server serves, each with its handler. Built once at start-up and never changed, so
 * it is read without locking.
 */
public final class RouteTable {

    private final Map<String, Route> byUrl;
    private final List<Route> routes;

    private RouteTable(Map<String, Route> byUrl, List<Route> routes) {
        this.byUrl = byUrl;
        this.routes = routes;
    }

    /**
     * Builds a table, refusing invalid and duplicate urls. The built-in {@code /routes} is added.
     *
     * @param routes the routes, in any order
     * @return the table, listing its routes sorted by url
     * @throws StartupException naming both handlers and their sources when two claim one url
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
        RouteTable table = new RouteTable(byUrl, Collections.unmodifiableList(all));
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

    private static String describe(Route route) {
        return route.handler().getClass().getName() + " (" + route.source() + ")";
    }
}
