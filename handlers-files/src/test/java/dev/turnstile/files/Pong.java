package dev.turnstile.files;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;

/** {@code /ping} next to the files plugin in its integration tests: an answer the server gives at once. */
final class Pong implements Handler {

    @Override
    public String url() {
        return "/ping";
    }

    @Override
    public Response handle(Request request, Session session) {
        return Response.ok("pong", true);
    }
}
