package dev.turnstile.auth;

import java.util.Locale;

/**
 * Where a token from {@code /login} is accepted: the setting {@code token-scope} (SPEC §4), whose
 * words ({@link AuthPlugin#SCOPE}) the server checks before the plugin starts.
 */
enum TokenScope {

    /** Only on the connection that logged in, until it closes: the default, and the safer rule. */
    CONNECTION,

    /**
     * On any later connection from the client's IP address, until the next login, {@code token-ttl}
     * after its last use, or server stop: what the original Python client needs, since it opens a
     * new connection for every request.
     */
    ADDRESS;

    /**
     * @param word a word of the setting, as declared
     * @return its scope
     */
    static TokenScope of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
