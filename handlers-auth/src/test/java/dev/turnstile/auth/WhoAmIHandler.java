package dev.turnstile.auth;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;

/** {@code /whoami}: a url that needs the token, answering with the client's address. */
final class WhoAmIHandler implements Handler {

    @Override
    public String url() {
        return "/whoami";
    }

    @Override
    public Response handle(Request request, Session session) {
        return Response.ok("address", IpText.of(session.remoteAddress().getAddress()));
    }
}
