package dev.turnstile.plugin;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.route.Route;
import dev.turnstile.startup.StartupException;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The plugins and lone handlers on the server's own class path, each with the jar it came from. */
final class ClassPathPlugins {

    private ClassPathPlugins() {
    }

    /**
     * @param loader the server's class loader
     * @return every plugin and lone handler its provider-configuration files list
     * @throws StartupException naming the class path entry and the class that failed
     */
    static List<LoadedPlugin> find(ClassLoader loader) throws StartupException {
        Map<ProviderKind, List<String>> listed = new EnumMap<>(ProviderKind.class);
        Map<String, URL> files = new HashMap<>();
        for (ProviderKind kind : ProviderKind.values()) {
            Map<String, URL> byClass;
            try {
                byClass = ServiceListing.all(loader, kind);
            } catch (IOException e) {
                throw new StartupException("the server's class path cannot be searched for plugins (" + e.getMessage()
                        + "); check the files in its lib folder");
            }
            listed.put(kind, new ArrayList<>(byClass.keySet()));
            byClass.forEach(files::putIfAbsent);
        }
        return Providers.find(loader, listed, type -> true,
                name -> Origin.classPath(files.containsKey(name) ? SourceNames.ofResource(files.get(name)) : Route.CLASS_PATH),
                Route::sourceOf);
    }
}
