package dev.turnstile.plugin;

import dev.turnstile.route.Route;
import dev.turnstile.startup.StartupException;
import dev.turnstile.spi.Handler;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.ServiceLoader.Provider;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs {@link ServiceLoader} over one class loader and constructs the handlers it finds, turning
 * every failure into a start-up error that names the class.
 *
 * <p>{@code ServiceLoader} meets the listed classes in the order of its provider-configuration
 * files, so when it fails without naming a class, the culprit is the first listed class it has not
 * yet produced.
 */
final class ProviderScan {

    private final ClassLoader loader;
    private final Set<String> pending;
    private final Predicate<Class<?>> ours;
    private final Function<String, Origin> originOf;
    private final Function<Class<?>, String> sourceOf;

    /**
     * @param loader the loader to search
     * @param listed the classes this scan answers for, in the order {@code ServiceLoader} meets them
     * @param ours which providers to keep; a plugin jar's loader also sees the class path's
     * @param originOf where a listed class was listed, for error messages
     * @param sourceOf the route source of a kept provider class
     */
    ProviderScan(ClassLoader loader, List<String> listed, Predicate<Class<?>> ours,
            Function<String, Origin> originOf, Function<Class<?>, String> sourceOf) {
        this.loader = loader;
        this.pending = new LinkedHashSet<>(listed);
        this.ours = ours;
        this.originOf = originOf;
        this.sourceOf = sourceOf;
    }

    /**
     * @return a route for every kept handler, constructed, in discovery order
     * @throws StartupException naming the class when one cannot be loaded or constructed
     */
    List<Route> routes() throws StartupException {
        List<Route> routes = new ArrayList<>();
        Iterator<Provider<Handler>> providers = ServiceLoader.load(Handler.class, loader).stream().iterator();
        while (true) {
            Provider<Handler> provider;
            try {
                if (!providers.hasNext()) {
                    return routes;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                String culprit = culprit(e);
                throw LoadFailures.translate(originOf.apply(culprit), culprit, e, loader);
            }
            Class<? extends Handler> type = provider.type();
            pending.remove(type.getName());
            if (ours.test(type)) {
                routes.add(new Route(construct(provider, type), sourceOf.apply(type)));
            }
        }
    }

    private Handler construct(Provider<Handler> provider, Class<? extends Handler> type) throws StartupException {
        Origin origin = originOf.apply(type.getName());
        if (!Modifier.isPublic(type.getModifiers())) {
            // Otherwise ServiceLoader fails with an IllegalAccessException about its own access.
            throw LoadFailures.noPublicConstructor(origin, type.getName());
        }
        try {
            return provider.get();
        } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
            throw LoadFailures.translate(origin, type.getName(), e, loader);
        }
    }

    /** The pending class the error's text names, else the next one {@code ServiceLoader} was on. */
    private String culprit(Throwable error) {
        String text = String.valueOf(error.getMessage());
        for (String name : pending) {
            if (text.contains(name + " ") || text.endsWith(name)) {
                return name;
            }
        }
        return pending.isEmpty() ? "(unknown class)" : pending.iterator().next();
    }
}
