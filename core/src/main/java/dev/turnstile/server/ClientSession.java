package dev.turnstile.server;

import dev.turnstile.spi.Session;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/** The {@link Session} of one connection. Only the server thread touches it. */
final class ClientSession implements Session {

    private final InetSocketAddress remoteAddress;
    private String token;
    private Map<String, Object> attributes;

    ClientSession(InetSocketAddress remoteAddress) {
        this.remoteAddress = remoteAddress;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public void grantToken(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("a token must not be empty");
        }
        this.token = token;
    }

    @Override
    public Map<String, Object> attributes() {
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        return attributes;
    }

    @Override
    public String toString() {
        return String.valueOf(remoteAddress);
    }
}
