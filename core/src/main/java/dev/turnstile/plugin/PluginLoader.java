package dev.turnstile.plugin;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.startup.StartupException;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds the server's plugins: those on its own class path, then those in every {@code *.jar} of
 * the plugins folder, in file-name order, each jar through a class loader of its own. In each
 * place, the {@link dev.turnstile.spi.Plugin}s listed in {@code META-INF/services/dev.turnstile.spi.Plugin}
 * come first, then the {@link dev.turnstile.spi.Handler}s listed alone in
 * {@code META-INF/services/dev.turnstile.spi.Handler}, each served as a plugin of one handler.
 * Every plugin is constructed and asked for its settings once; none is started.
 *
 * <p>Loading is all or nothing. A jar that is not a jar, a listed class that is missing, cannot be
 * loaded or cannot be constructed, or whose settings cannot be read, ends start-up with a
 * {@link StartupException} whose message is one line naming the jar, the class and what to fix;
 * every plugin class loader opened by then is closed. (What only the started plugins can tell, two
 * handlers claiming one url say, is checked when they start: {@link dev.turnstile.route.RouteTable#start}.)
 *
 * <pre>{@code
 * try (LoadedPlugins plugins = PluginLoader.load(pluginsDir, PluginLoader.class.getClassLoader())) {
 *     try (TurnstileServer server = TurnstileServer.start(config, plugins.list())) { ... }
 * }
 * }</pre>
 */
public final class PluginLoader {

    private PluginLoader() {
    }

    /**
     * Finds every plugin on the parent loader's class path and in every *.jar of pluginsDir
     * (sorted by file name).
     *
     * @param pluginsDir the plugins folder; it must exist, and may be empty
     * @param parent the server's class loader, which must see turnstile-core; it is the parent of
     *     every plugin jar's loader
     * @return the plugins and their class loaders, to close when the server has stopped
     * @throws StartupException with a one-line message naming the jar and the cause
     */
    public static LoadedPlugins load(Path pluginsDir, ClassLoader parent) throws StartupException {
        return load(pluginsDir, parent, PluginClassLoaders.STANDARD);
    }

    static LoadedPlugins load(Path pluginsDir, ClassLoader parent, PluginClassLoaders classLoaders)
            throws StartupException {
        Objects.requireNonNull(pluginsDir, "pluginsDir");
        Objects.requireNonNull(parent, "parent");
        List<URLClassLoader> opened = new ArrayList<>();
        try {
            PluginFolder folder = new PluginFolder(pluginsDir);
            List<Path> jars = folder.jars();
            List<LoadedPlugin> plugins = new ArrayList<>(ClassPathPlugins.find(parent));
            List<String> warnings = new ArrayList<>();
            BundledClasses bundled = new BundledClasses(parent);
            for (Path jar : jars) {
                String shownName = folder.shownName(jar);
                PluginJar plugin = PluginJar.inspect(jar, shownName, parent, bundled);
                if (plugin.listsNothing()) {
                    warnings.add("plugin jar " + shownName + " lists no plugin in " + ProviderKind.PLUGIN.file()
                            + " and no handler in " + ProviderKind.HANDLER.file() + "; it serves nothing");
                    continue;
                }
                URLClassLoader loader = open(classLoaders, jar, shownName, parent);
                opened.add(loader);
                plugins.addAll(plugin.load(loader));
            }
            return new LoadedPlugins(plugins, opened, warnings);
        } catch (StartupException | RuntimeException | Error e) {
            LoadedPlugins.closeAll(opened, e);
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
}
