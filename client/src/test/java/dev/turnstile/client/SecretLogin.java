package dev.turnstile.client;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;

/**
 * A {@code /login} that demands a secret, as a server with {@code auth-secret} set does: a login
 * without the right {@code secret} is 401. It remembers what the last login carried.
 */
public final class SecretLogin implements Handler {

    private final String secret;
    private volatile Request last;

    public SecretLogin(String secret) {
        this.secret = secret;
    }

    @Override
    public String url() {
        return "/login";
    }

    @Override
    public boolean needsToken() {
        return false;
    }

    @Override
    public Response handle(Request request, Session session) throws HandlerException {
        last = request;
        if (!secret.equals(request.get("secret"))) {
            throw HandlerException.unauthorized("wrong or missing login secret");
        }
        session.grantToken("token-for-" + request.requireString("hostname"));
        return Response.ok("token", "token-for-" + request.requireString("hostname"));
    }

    /** @return the members of the last login request, or {@code null} before one */
    public Request lastLogin() {
        return last;
    }
}
