package ${package};

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.Setting;
import java.util.List;

/**
 * The plugin the server finds through {@code META-INF/services/dev.turnstile.spi.Plugin}: it
 * declares the setting {@code ${route}-greeting} ({@code --${route}-greeting=Hi}), which the server
 * checks before anything starts, and serves {@code /${route}} with the checked value.
 */
public final class ${pluginClass} implements Plugin {

    static final Setting<String> GREETING = Setting.text("${route}-greeting", "The word /${route} greets with", "Hello");

    @Override
    public List<Setting<?>> settings() {
        return List.of(GREETING);
    }

    @Override
    public List<Handler> start(PluginContext context) {
        return List.of(new ${handlerClass}(context.get(GREETING)));
    }
}
