package dev.turnstile.plugin;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.startup.StartupException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Finds the plugins one class loader offers, plugins first, then handlers listed alone, each as a
 * {@link LoadedPlugin} whose settings have been asked once.
 */
final class Providers {

    private Providers() {
    }

    /**
     * @param loader the class loader to search
     * @param listed the classes listed for each service, in the order {@code ServiceLoader} meets them
     * @param ours which providers to keep
     * @param originOf where a listed class was listed, for error messages
     * @param sourceOf the source (jar file name or {@code "class path"}) of a kept provider class
     * @return the plugins, in discovery order
     * @throws StartupException naming the class and where it was listed when one cannot be loaded,
     *     constructed or asked for its settings
     */
    static List<LoadedPlugin> find(ClassLoader loader, Map<ProviderKind, List<String>> listed, Predicate<Class<?>> ours,
            Function<String, Origin> originOf, Function<Class<?>, String> sourceOf) throws StartupException {
        List<LoadedPlugin> plugins = new ArrayList<>();
        for (ProviderKind kind : ProviderKind.values()) {
            List<String> names = listed.getOrDefault(kind, List.of());
            for (ProviderScan.Found found : new ProviderScan(loader, kind, names, ours, originOf).providers()) {
                String source = sourceOf.apply(found.type());
                try {
                    plugins.add(kind == ProviderKind.PLUGIN ? LoadedPlugin.of((Plugin) found.instance(), source)
                            : LoadedPlugin.ofHandler((Handler) found.instance(), source));
                } catch (RuntimeException | LinkageError e) {
                    String reason = e.getMessage() == null ? e.getClass().getSimpleName()
                            : e.getClass().getSimpleName() + ": " + e.getMessage();
                    throw new StartupException(originOf.apply(found.type().getName()).label() + ": "
                            + found.type().getName() + " cannot list its settings: " + reason, e);
                }
            }
        }
        return plugins;
    }
}
