package dev.turnstile.sample;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;

/**
 * Answers {@code {"url":"/echo","data":<value>,"token":…}} with {@code {"code":200,"data":<value>}}:
 * the same JSON value, whatever it is, {@code null} included. Without {@code "data"} the answer is
 * a 400 {@code "data" is required}.
 */
public final class EchoHandler implements Handler {

    /** Creates the handler; the server does this once, at start-up. */
    public EchoHandler() {
    }

    @Override
    public String url() {
        return "/echo";
    }

    @Override
    public Response handle(Request request, Session session) throws HandlerException {
        // require, not get: an explicit null is a value to echo, only a missing member is an error.
        return Response.ok("data", request.require("data"));
    }
}
