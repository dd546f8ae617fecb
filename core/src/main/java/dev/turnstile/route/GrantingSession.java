package dev.turnstile.route;

import dev.turnstile.spi.Session;

/**
 * What the router needs of the server's session beyond the SPI: to open
 * {@link Session#grantToken} only while a handler that needs no token is being called, and to
 * give the connection a token a {@link dev.turnstile.spi.TokenAuthority} accepted. A plain
 * {@link Session} (a test's fake) is routed too; it simply has no such guard.
 */
public interface GrantingSession extends Session {

    /**
     * @param allowed whether {@link #grantToken} may be called now: {@code true} just before a
     *     token-free handler is called, {@code false} right after
     */
    void allowGrants(boolean allowed);

    /**
     * Makes {@code token} this connection's token: the token authority accepted it, so the
     * connection counts as logged in from now on.
     *
     * @param token the accepted token
     */
    void adoptToken(String token);
}
