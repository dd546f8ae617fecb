package dev.turnstile.plugin;

import dev.turnstile.route.RouteTable;
import java.io.IOException;
import java.net.URLClassLoader;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers {@link HandlerLoader} found, as a route table, together with the class loaders of
 * the plugin jars they came from. Close it once the server has stopped: closing releases the jar
 * files, after which a plugin's classes can no longer load anything they had not loaded yet.
 */
public final class LoadedHandlers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadedHandlers.class);

    private final RouteTable table;
    private final List<URLClassLoader> loaders;
    private boolean closed;

    LoadedHandlers(RouteTable table, List<URLClassLoader> loaders) {
        this.table = table;
        this.loaders = List.copyOf(loaders);
    }

    /** @return every route: the class path's handlers, the plugins' handlers and the built-in ones */
    public RouteTable table() {
        return table;
    }

    /** Logs every route with its class, jar and whether it needs the token: the start-up log's route list. */
    public void logRoutes() {
        HandlerLoader.logRoutes(table);
    }

    /** Closes every plugin class loader; later calls do nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeAll(loaders, null);
    }

    /**
     * Closes loaders, going on past failures, which are logged or added to {@code failure}.
     *
     * @param loaders the loaders to close
     * @param failure the error that ended start-up, or {@code null} when closing normally
     */
    static void closeAll(List<URLClassLoader> loaders, Throwable failure) {
        for (URLClassLoader loader : loaders) {
            try {
                loader.close();
            } catch (IOException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    LOG.warn("could not close the class loader {}: {}", loader.getName(), e.toString());
                }
            }
        }
    }
}
