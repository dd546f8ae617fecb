package dev.turnstile.sample;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;

/**
 * A stand-in for the auth plugin in socket tests: {@code /login} grants a fixed token, so that the
 * sample handlers can be reached without depending on the auth module.
 */
final class FixedTokenLoginHandler implements Handler {

    static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Override
    public String url() {
        return "/login";
    }

    @Override
    public boolean needsToken() {
        return false;
    }

    @Override
    public Response handle(Request request, Session session) {
        session.grantToken(TOKEN);
        return Response.ok("token", TOKEN);
    }
}
