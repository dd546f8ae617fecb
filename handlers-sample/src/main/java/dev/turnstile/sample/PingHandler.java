package dev.turnstile.sample;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;

/**
 * Answers {@code {"url":"/ping","token":…}} with {@code {"code":200,"pong":true}}, so that a
 * client can check that the server is alive and that its token is still good.
 */
public final class PingHandler implements Handler {

    // The answer never changes, and a Response is immutable, so every request can share one.
    private static final Response PONG = Response.ok("pong", true);

    /** Creates the handler; the server does this once, at start-up. */
    public PingHandler() {
    }

    @Override
    public String url() {
        return "/ping";
    }

    @Override
    public Response handle(Request request, Session session) {
        return PONG;
    }
}
