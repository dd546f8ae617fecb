package dev.turnstile.server;

import dev.turnstile.route.GrantingSession;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link dev.turnstile.spi.Session} of one connection. Only the server thread touches it.
 * What a handler asks of the connection (a close) is recorded here and taken by
 * {@link RequestPipeline} once the answer has been encoded. {@link #grantToken} works only while
 * the router calls a handler that needs no token.
 */
final class ClientSession implements GrantingSession {

    private final InetSocketAddress remoteAddress;
    private String token;
    private Map<String, Object> attributes;
    private boolean closeRequested;
    private boolean grantsAllowed;

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
        if (!grantsAllowed) {
            throw new IllegalStateException("only a handler that needs no token may grant one");
        }
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("a token must not be empty");
        }
        this.token = token;
    }

    @Override
    public void allowGrants(boolean allowed) {
        grantsAllowed = allowed;
    }

    @Override
    public void adoptToken(String token) {
        this.token = Objects.requireNonNull(token, "token");
    }

    @Override
    public Map<String, Object> attributes() {
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        return attributes;
    }

    @Override
    public void closeAfterAnswer() {
        closeRequested = true;
    }

    /** @return whether a close was asked for while the last request was handled, and forgets it */
    boolean takeCloseRequest() {
        boolean requested = closeRequested;
        closeRequested = false;
        return requested;
    }

    @Override
    public String toString() {
        return String.valueOf(remoteAddress);
    }
}
