package dev.turnstile.server;

import dev.turnstile.route.Route;
import dev.turnstile.route.RouteTable;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerContext;
import dev.turnstile.spi.Setting;
import dev.turnstile.startup.StartupException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plugin settings of a route table: every key its handlers declare, checked once, and the
 * view each handler gets of them. A handler sees only the keys it declared, with the declared
 * default filled in, so one plugin never reads another's settings (nor its secrets).
 *
 * <p>Refused with a one-line {@link StartupException}: a handler that declares a core setting's key,
 * two handlers from different jars that declare the same key (handlers of one jar may share one),
 * and a given key that neither core nor any handler declares.
 */
public final class HandlerSettings {

    private final Map<String, Declared> declared;
    private final Map<Route, List<Setting>> byRoute;

    private HandlerSettings(Map<String, Declared> declared, Map<Route, List<Setting>> byRoute) {
        this.declared = declared;
        this.byRoute = byRoute;
    }

    /**
     * @param routes the route table
     * @return the declarations of its handlers, by key
     * @throws StartupException naming the key and both handlers when two jars declare one key, or
     *     the handler when it declares a core key or its settings cannot be read
     */
    public static HandlerSettings of(RouteTable routes) throws StartupException {
        Map<String, Declared> declared = new LinkedHashMap<>();
        Map<Route, List<Setting>> byRoute = new IdentityHashMap<>();
        for (Route route : routes.routes()) {
            List<Setting> own = declarations(route);
            byRoute.put(route, own);
            for (Setting setting : own) {
                if (CoreSetting.byKey(setting.key()).isPresent()) {
                    throw new StartupException(describe(route) + " declares setting \"" + setting.key()
                            + "\", which is a server setting; the plugin must use another key");
                }
                Declared earlier = declared.putIfAbsent(setting.key(), new Declared(setting, route));
                if (earlier != null && !earlier.route().source().equals(route.source())) {
                    throw new StartupException("setting \"" + setting.key() + "\" is declared twice: by "
                            + describe(earlier.route()) + " and by " + describe(route) + "; remove one of the two jars");
                }
            }
        }
        return new HandlerSettings(declared, byRoute);
    }

    /** @return every declared plugin setting, in route order, each key once */
    public List<Setting> all() {
        return declared.values().stream().map(Declared::setting).toList();
    }

    /**
     * @param given the plugin settings given, by key
     * @param source where they came from, for the message, or {@code null} when unknown
     * @throws StartupException naming the first key no handler declares
     */
    public void requireDeclared(Collection<String> given, String source) throws StartupException {
        for (String key : given) {
            if (!declared.containsKey(key)) {
                throw new StartupException("setting \"" + key + "\"" + (source == null ? "" : " (from " + source + ")")
                        + " is neither a server setting nor declared by any handler; the keys are " + keys());
            }
        }
    }

    /** @return every key, core's first, for messages that list them */
    public String keys() {
        List<String> keys = new ArrayList<>();
        CoreSetting.ALL.forEach(s -> keys.add(s.key()));
        keys.addAll(declared.keySet());
        return String.join(", ", keys);
    }

    /**
     * @param route a route of the table
     * @param config the configuration, for the data folder, the home and the given values
     * @param dataDir the data folder, absolute and existing
     * @return what the route's handler gets at start: its own settings only
     */
    HandlerContext contextFor(Route route, ServerConfig config, Path dataDir) {
        Map<String, String> own = new LinkedHashMap<>();
        for (Setting setting : byRoute.getOrDefault(route, List.of())) {
            String given = config.settings().get(setting.key());
            String value = given == null || given.isBlank() ? setting.defaultValue() : given.strip();
            if (!value.isEmpty()) {
                own.put(setting.key(), value);
            }
        }
        return new ServerHandlerContext(dataDir, config.home(), own);
    }

    private static List<Setting> declarations(Route route) throws StartupException {
        Handler handler = route.handler();
        try {
            List<Setting> settings = handler.settings();
            return settings == null ? List.of() : List.copyOf(settings);
        } catch (RuntimeException | LinkageError e) {
            throw new StartupException(describe(route) + " cannot list its settings: " + e, e);
        }
    }

    private static String describe(Route route) {
        return route.handler().getClass().getName() + " (" + route.source() + ")";
    }

    private record Declared(Setting setting, Route route) {
    }

    /** What one handler gets at start-up: the data folder, the home and its own settings. */
    private record ServerHandlerContext(Path dataDir, Path home, Map<String, String> settings)
            implements HandlerContext {

        @Override
        public Optional<String> setting(String key) {
            return Optional.ofNullable(settings.get(key));
        }

        @Override
        public String toString() {
            // Keys only: some values are secrets.
            return "HandlerContext[dataDir=" + dataDir + ", home=" + home + ", settings=" + settings.keySet() + "]";
        }
    }
}
