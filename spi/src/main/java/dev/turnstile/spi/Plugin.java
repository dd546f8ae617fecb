package dev.turnstile.spi;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One plugin: the object that owns what its handlers share, from start to stop. A plugin jar lists
 * its plugin class in {@code META-INF/services/dev.turnstile.spi.Plugin}; the server constructs it
 * once (a public class with a public no-argument constructor), asks for its {@link #settings()},
 * checks every value, then calls {@link #start} and serves the handlers it returns.
 *
 * <pre>{@code
 * public final class HelloPlugin implements Plugin {
 *     static final Setting<String> GREETING = Setting.text("hello-greeting", "The word /hello greets with", "Hello");
 *
 *     public List<Setting<?>> settings() {
 *         return List.of(GREETING);
 *     }
 *
 *     public List<Handler> start(PluginContext context) {
 *         return List.of(new HelloHandler(context.get(GREETING)));
 *     }
 * }
 * }</pre>
 *
 * <p>Handlers that share state get it through ordinary fields: the plugin builds the state in
 * {@code start}, passes it to the handlers' constructors, and ends it in {@link #stop}. A handler
 * that needs no settings and no state of its own may skip the plugin class: a {@link Handler}
 * listed in {@code META-INF/services/dev.turnstile.spi.Handler} is served as a plugin of one
 * handler.
 *
 * <p><b>Life cycle.</b>
 * <pre>
 *   constructed ─settings()─► declared ─start(context)─► serving ─disconnected(session)*─► ─stop()─► stopped
 * </pre>
 * {@code settings()} may be asked before any value is known (for {@code --help}), so its answer
 * must depend on nothing but the class. {@code start} runs before the server opens its port; a
 * plugin that cannot work throws there, with a message that says what to fix, and start-up fails
 * with that one line (the plugins already started are stopped). Every call comes from the server's
 * thread; a plugin that runs work on threads of its own stops them in {@code stop}.
 */
public interface Plugin {

    /**
     * The settings this plugin reads through {@link PluginContext#get}. A key that neither the server
     * nor a loaded plugin declares stops start-up, and so does a key declared twice.
     *
     * @return the declarations; none by default
     */
    default List<Setting<?>> settings() {
        return List.of();
    }

    /**
     * Starts the plugin. Every setting value has been checked against its declaration by now.
     *
     * @param context the data folder, the installation folder, the setting values and the server's timer
     * @return the handlers to serve, at least one; their urls must be unique on the server
     * @throws Exception when the plugin cannot start; the message should say what to fix
     */
    Collection<? extends Handler> start(PluginContext context) throws Exception;

    /**
     * Called when a client's connection has closed, for every plugin, whether or not it served that
     * client. The session must not be used afterwards.
     *
     * @param session the connection that closed
     */
    default void disconnected(Session session) {
    }

    /**
     * What the plugin reports for the server's {@code /stats}: a few counters or facts, such as the
     * files shared or the uploads in progress. Called on the server thread, so it must be quick.
     *
     * @return JSON-expressible values by name (see {@link Response} for the types); none by default
     */
    default Map<String, ?> stats() {
        return Map.of();
    }

    /** Called once when the server stops, after the last client has been disconnected. */
    default void stop() {
    }
}
