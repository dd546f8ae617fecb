package dev.turnstile.spi;

/**
 * Decides which token a request may carry. Implemented by the handler that grants tokens (the
 * login handler), which must be one that {@linkplain Handler#needsToken() needs no token}.
 *
 * <p>Without an authority, the server accepts on each connection exactly the token granted on
 * that connection, compared in constant time. An authority replaces that rule: the login plugin
 * uses it to let a token outlive its connection ({@code token-scope=address}) and to end a token
 * that has not been used for a while.
 *
 * <p>Called on the server thread, for every request to a url that needs the token, so it must
 * be fast and must compare in constant time.
 */
public interface TokenAuthority {

    /**
     * Whether a request may go on with the token it carries.
     *
     * @param token the request's {@code "token"}, a string
     * @param session the connection; {@link Session#token()} is the token granted on it, or
     *     {@code null}
     * @return {@code true} to accept. When the connection holds no token yet, the server then
     *     grants it this one, and the connection counts as logged in (full request limit, no login
     *     timeout)
     */
    boolean accepts(String token, Session session);

    /**
     * Whether a client must know a secret to be granted a token. A server that listens beyond
     * loopback with neither TLS nor an authority that requires a secret refuses to start unless
     * told that its network is trusted.
     *
     * @return {@code true} when a login needs a secret; {@code false} by default
     */
    default boolean requiresSecret() {
        return false;
    }
}
