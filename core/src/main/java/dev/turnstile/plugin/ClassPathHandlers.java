package dev.turnstile.plugin;

import dev.turnstile.route.Route;
import dev.turnstile.startup.StartupException;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The handlers on the server's own class path, each with the jar it came from. */
final class ClassPathHandlers {

    private ClassPathHandlers() {
    }

    /**
     * @param loader the server's class loader
     * @return a route for every handler its provider-configuration files list
     * @throws StartupException naming the class path entry and the class that failed
     */
    static List<Route> find(ClassLoader loader) throws StartupException {
        Map<String, URL> listed;
        try {
            listed = ServiceListing.all(loader);
        } catch (IOException e) {
            throw new StartupException("the server's class path cannot be searched for handlers (" + e.getMessage()
                    + "); check the files in its lib folder");
        }
        return new ProviderScan(loader, new ArrayList<>(listed.keySet()), type -> true,
                name -> Origin.classPath(listed.containsKey(name)
                        ? SourceNames.ofResource(listed.get(name)) : Route.CLASS_PATH),
                Route::sourceOf).routes();
    }
}
