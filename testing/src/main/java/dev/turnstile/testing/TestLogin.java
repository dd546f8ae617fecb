package dev.turnstile.testing;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The extension's {@code /login}: grants a fresh random token to anyone, with no secret and no
 * files, so that the handlers under test can be reached without the auth plugin.
 */
final class TestLogin implements Handler {

    static final String URL = "/login";

    private final SecureRandom random = new SecureRandom();

    @Override
    public String url() {
        return URL;
    }

    @Override
    public boolean needsToken() {
        return false;
    }

    @Override
    public Response handle(Request request, Session session) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        session.grantToken(token);
        return Response.ok("token", token);
    }
}
