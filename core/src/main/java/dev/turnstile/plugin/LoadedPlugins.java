package dev.turnstile.plugin;

import dev.turnstile.route.LoadedPlugin;
import java.io.IOException;
import java.net.URLClassLoader;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins {@link PluginLoader} found, constructed but not started, together with the class
 * loaders of the plugin jars they came from. Close it once the server has stopped: closing releases
 * the jar files, after which a plugin's classes can no longer load anything they had not loaded yet.
 */
public final class LoadedPlugins implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadedPlugins.class);

    private final List<LoadedPlugin> plugins;
    private final List<URLClassLoader> loaders;
    private final List<String> warnings;
    private boolean closed;

    LoadedPlugins(List<LoadedPlugin> plugins, List<URLClassLoader> loaders, List<String> warnings) {
        this.plugins = List.copyOf(plugins);
        this.loaders = List.copyOf(loaders);
        this.warnings = List.copyOf(warnings);
    }

    /** @return every plugin: the class path's, then each jar's, in the order to start them */
    public List<LoadedPlugin> list() {
        return plugins;
    }

    /**
     * @return things worth a warning in the start-up log that did not stop loading (a jar that
     *     lists nothing); kept for the caller to log once the configuration is known to be good
     */
    public List<String> warnings() {
        return warnings;
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
