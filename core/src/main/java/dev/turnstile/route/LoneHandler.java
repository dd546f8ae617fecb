package dev.turnstile.route;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
import java.util.List;

/** The plugin a handler listed on its own is served as: no settings, no life cycle, that one handler. */
final class LoneHandler implements Plugin {

    private final Handler handler;

    LoneHandler(Handler handler) {
        this.handler = handler;
    }

    @Override
    public List<Handler> start(PluginContext context) {
        return List.of(handler);
    }

    @Override
    public String toString() {
        return "LoneHandler[" + handler.getClass().getName() + "]";
    }
}
