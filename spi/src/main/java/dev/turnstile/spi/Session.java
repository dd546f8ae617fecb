package dev.turnstile.spi;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The connection a request came on. A session lives exactly as long as its TCP connection; the
 * server serves one at a time, on its single thread, so a session needs no locking. A handler uses
 * it while {@link Handler#handle} runs, never from another thread.
 */
public interface Session {

    /**
     * The client's address as the server's socket sees it.
     *
     * @return the remote address and port
     */
    InetSocketAddress remoteAddress();

    /**
     * The token currently granted to this connection, which every request to a url that
     * {@linkplain Handler#needsToken() needs the token} must carry.
     *
     * @return the token, or {@code null} before a successful login
     */
    String token();

    /**
     * Grants a token to this connection, replacing any earlier one. Only a handler that
     * {@linkplain Handler#needsToken() needs no token} may grant one (the login handler); the
     * server refuses it to any other. The token dies with the connection unless a
     * {@link TokenAuthority} accepts it on a later one.
     *
     * @param token the new token, not {@code null} or empty
     * @throws IllegalStateException when called from a handler that needs the token
     */
    void grantToken(String token);

    /**
     * State a handler keeps for this connection, cleared when it closes. Use keys that start with
     * your handler's url or package so that handlers do not collide.
     *
     * @return the mutable attribute map of this session
     */
    Map<String, Object> attributes();

    /**
     * Closes the connection once the answer to the request being handled has been sent (for a
     * {@link Response#later} answer, once it has completed and been sent); requests that follow it
     * are neither read nor answered.
     */
    void closeAfterAnswer();
}
