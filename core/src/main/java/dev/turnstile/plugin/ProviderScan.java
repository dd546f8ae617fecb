package dev.turnstile.plugin;

import dev.turnstile.startup.StartupException;
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
 * Runs {@link ServiceLoader} for one service over one class loader and constructs the providers it
 * finds, turning every failure into a start-up error that names the class.
 *
 * <p>{@code ServiceLoader} meets the listed classes in the order of its provider-configuration
 * files, so when it fails without naming a class, the culprit is the first listed class it has not
 * yet produced.
 */
final class ProviderScan {

    /** A constructed provider and its class. */
    record Found(Object instance, Class<?> type) {
    }

    private final ClassLoader loader;
    private final ProviderKind kind;
    private final Set<String> pending;
    private final Predicate<Class<?>> ours;
    private final Function<String, Origin> originOf;

    /**
     * @param loader the loader to search
     * @param kind the service to look for
     * @param listed the classes this scan answers for, in the order {@code ServiceLoader} meets them
     * @param ours which providers to keep; a plugin jar's loader also sees the class path's
     * @param originOf where a listed class was listed, for error messages
     */
    ProviderScan(ClassLoader loader, ProviderKind kind, List<String> listed, Predicate<Class<?>> ours,
            Function<String, Origin> originOf) {
        this.loader = loader;
        this.kind = kind;
        this.pending = new LinkedHashSet<>(listed);
        this.ours = ours;
        this.originOf = originOf;
    }

    /**
     * @return every kept provider, constructed, in discovery order
     * @throws StartupException naming the class when one cannot be loaded or constructed
     */
    List<Found> providers() throws StartupException {
        List<Found> found = new ArrayList<>();
        Iterator<? extends Provider<?>> providers = ServiceLoader.load(kind.type(), loader).stream().iterator();
        while (true) {
            Provider<?> provider;
            try {
                if (!providers.hasNext()) {
                    return found;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                String culprit = culprit(e);
                throw LoadFailures.translate(originOf.apply(culprit), kind, culprit, e, loader);
            }
            Class<?> type = provider.type();
            pending.remove(type.getName());
            if (ours.test(type)) {
                found.add(new Found(construct(provider, type), type));
            }
        }
    }

    private Object construct(Provider<?> provider, Class<?> type) throws StartupException {
        Origin origin = originOf.apply(type.getName());
        if (!Modifier.isPublic(type.getModifiers())) {
            // Otherwise ServiceLoader fails with an IllegalAccessException about its own access.
            throw LoadFailures.noPublicConstructor(origin, type.getName());
        }
        try {
            return provider.get();
        } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
            throw LoadFailures.translate(origin, kind, type.getName(), e, loader);
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
