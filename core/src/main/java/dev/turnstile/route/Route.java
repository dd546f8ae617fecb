package dev.turnstile.route;

import dev.turnstile.spi.Handler;
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

    /** @return the url this route serves */
    public String url() {
        return handler.url();
    }

    /** @return whether requests to this route must carry the token */
    public boolean needsToken() {
        return handler.needsToken();
    }
}
