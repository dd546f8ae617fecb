package dev.turnstile.route;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.Setting;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A plugin as the server found it: the object, the name start-up messages give it, the jar it came
 * from, and the settings it declares (asked once, when it is found). A {@link Handler} listed on its
 * own is served as a plugin of one handler ({@link #ofHandler}), named after the handler's class.
 */
public final class LoadedPlugin {

    private final Plugin plugin;
    private final String name;
    private final String source;
    private final List<Setting<?>> settings;

    private LoadedPlugin(Plugin plugin, String name, String source) {
        this.plugin = Objects.requireNonNull(plugin, "plugin");
        this.name = name;
        this.source = Objects.requireNonNull(source, "source");
        List<Setting<?>> declared = plugin.settings();
        this.settings = declared == null ? List.of() : List.copyOf(declared);
    }

    /**
     * @param plugin the plugin, constructed
     * @param source the jar file name it came from, or {@code "class path"}
     * @return the plugin with its declarations
     * @throws RuntimeException whatever the plugin's {@link Plugin#settings()} throws
     */
    public static LoadedPlugin of(Plugin plugin, String source) {
        return new LoadedPlugin(plugin, plugin.getClass().getName(), source);
    }

    /**
     * A plugin found on the server's own class path, or given in code.
     *
     * @param plugin the plugin
     * @return the plugin, whose source is the jar its class was loaded from
     */
    public static LoadedPlugin of(Plugin plugin) {
        return of(plugin, Route.sourceOf(plugin.getClass()));
    }

    /**
     * @param handler a handler listed on its own
     * @param source the jar file name it came from, or {@code "class path"}
     * @return a plugin that serves it, with no settings and no life cycle
     */
    public static LoadedPlugin ofHandler(Handler handler, String source) {
        return new LoadedPlugin(new LoneHandler(handler), handler.getClass().getName(), source);
    }

    /**
     * @param handlers handlers given in code, each served as a plugin of its own
     * @return the plugins, in order, each with the jar its handler's class was loaded from
     */
    public static List<LoadedPlugin> handlers(Handler... handlers) {
        return Arrays.stream(handlers).map(h -> ofHandler(h, Route.sourceOf(h.getClass()))).toList();
    }

    /** @return the plugin object; for a handler listed alone, the plugin that serves it */
    public Plugin plugin() {
        return plugin;
    }

    /** @return the class start-up messages name: the plugin's, or the lone handler's */
    public String name() {
        return name;
    }

    /** @return the jar file name it came from, or {@code "class path"} */
    public String source() {
        return source;
    }

    /** @return the settings it declares, read once */
    public List<Setting<?>> settings() {
        return settings;
    }

    /** @return how messages name it: its class and its jar, such as {@code com.example.P (x.jar)} */
    public String describe() {
        return name + " (" + source + ")";
    }

    @Override
    public String toString() {
        return "LoadedPlugin[" + describe() + "]";
    }
}
