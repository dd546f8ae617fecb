package dev.turnstile.route;

import dev.turnstile.spi.Handler;
import java.net.URL;
import java.security.CodeSource;
import java.util.Objects;

/**
 * One entry of the route table: a handler and where it was found.
 *
 * @param handler the handler serving {@code handler.url()}
 * @param source the jar file name the handler came from, or {@code "class path"} for a directory
 */
public record Route(Handler handler, String source) {

    public Route {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(source, "source");
    }

    /**
     * A route for a handler found on the server's own class path.
     *
     * @param handler the handler
     * @return the route, whose source is the file name of the jar that holds the handler's class
     */
    public static Route onClassPath(Handler handler) {
        return new Route(handler, sourceOf(handler.getClass()));
    }

    /**
     * @param type a class
     * @return the file name of the jar it was loaded from, or {@code "class path"} when it came from a folder
     */
    public static String sourceOf(Class<?> type) {
        CodeSource code = type.getProtectionDomain().getCodeSource();
        URL location = code == null ? null : code.getLocation();
        String path = location == null ? "" : location.getPath();
        if (path.endsWith(".jar")) {
            return path.substring(path.lastIndexOf('/') + 1);
        }
        return "class path";
    }

    /** @return the url this route serves */
    public String url() {
        return handler.url();
    }

    /** @return whether requests to this route must carry the token */
    public boolean needsToken() {
        return handler.needsToken();
    }
}
