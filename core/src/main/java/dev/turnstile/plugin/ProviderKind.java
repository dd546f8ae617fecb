package dev.turnstile.plugin;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;

/**
 * The two services a jar may list: {@link Plugin}s, and {@link Handler}s that are served alone, as
 * a plugin of one handler. The class path and each jar are searched for plugins first.
 */
enum ProviderKind {

    PLUGIN(Plugin.class, "plugin"),
    HANDLER(Handler.class, "handler");

    private final Class<?> type;
    private final String noun;

    ProviderKind(Class<?> type, String noun) {
        this.type = type;
        this.noun = noun;
    }

    /** @return the service interface */
    Class<?> type() {
        return type;
    }

    /** @return how messages call a listed class: {@code plugin} or {@code handler} */
    String noun() {
        return noun;
    }

    /** @return the provider-configuration file, as a resource name */
    String file() {
        return "META-INF/services/" + type.getName();
    }
}
