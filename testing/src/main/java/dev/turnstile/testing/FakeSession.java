package dev.turnstile.testing;

import dev.turnstile.spi.Session;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link Session} for a handler's unit tests: a plain object that remembers what the handler
 * asked of it, so a test needs neither a socket nor Mockito stubbing.
 *
 * <pre>{@code
 * FakeSession session = new FakeSession().withToken("t0k3n");
 * Response response = handler.handle(Requests.of("/hello").with("name", "x").build(), session);
 * assertFalse(session.closeRequested());
 * }</pre>
 *
 * <p>It checks its arguments as the server does ({@link #grantToken} refuses an empty token).
 * Unlike the server, it cannot know which handler calls {@link #grantToken}, so it does not refuse a
 * grant from a handler that needs the token.
 */
public final class FakeSession implements Session {

    /** The address a fake session has unless told otherwise: a loopback client. */
    public static final InetSocketAddress DEFAULT_ADDRESS = new InetSocketAddress("127.0.0.1", 50_000);

    private InetSocketAddress address = DEFAULT_ADDRESS;
    private String token;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final List<String> granted = new ArrayList<>();
    private boolean closeRequested;

    /** A session from {@link #DEFAULT_ADDRESS}, with no token yet. */
    public FakeSession() {
    }

    /**
     * Changes the client's address.
     *
     * @param remoteAddress what {@link #remoteAddress()} answers
     * @return this session
     */
    public FakeSession withAddress(InetSocketAddress remoteAddress) {
        this.address = Objects.requireNonNull(remoteAddress, "remoteAddress");
        return this;
    }

    /**
     * Sets the token the connection holds, as if a login had granted it; it is not recorded in
     * {@link #grantedTokens()}.
     *
     * @param currentToken what {@link #token()} answers, or {@code null} for a connection that has not logged in
     * @return this session
     */
    public FakeSession withToken(String currentToken) {
        this.token = currentToken;
        return this;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return address;
    }

    @Override
    public String token() {
        return token;
    }

    /**
     * Records the grant and makes it the current {@link #token()}.
     *
     * @throws IllegalArgumentException for a {@code null} or empty token, as the server does
     */
    @Override
    public void grantToken(String newToken) {
        if (newToken == null || newToken.isEmpty()) {
            throw new IllegalArgumentException("a token must not be empty");
        }
        granted.add(newToken);
        token = newToken;
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** Records the wish; the fake never closes anything. */
    @Override
    public void closeAfterAnswer() {
        closeRequested = true;
    }

    /** @return every token granted through {@link #grantToken}, oldest first */
    public List<String> grantedTokens() {
        return Collections.unmodifiableList(granted);
    }

    /** @return whether a handler called {@link #closeAfterAnswer()} */
    public boolean closeRequested() {
        return closeRequested;
    }

    @Override
    public String toString() {
        return "FakeSession[" + address + ", token " + (token == null ? "none" : "set") + ", attributes="
                + attributes.keySet() + "]";
    }
}
