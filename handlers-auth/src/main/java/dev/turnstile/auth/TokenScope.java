package dev.turnstile.auth;

import java.util.Locale;

/**
 * Where a token from {@code /login} is accepted: the setting {@code token-scope} (SPEC §4).
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

    static final String KEY = "token-scope";
    static final String DEFAULT = "connection";

    /**
     * @param text the setting's value, in any case
     * @return the scope
     * @throws IllegalArgumentException with one line naming the setting, the value and the choices
     */
    static TokenScope parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "connection" -> CONNECTION;
            case "address" -> ADDRESS;
            default -> throw new IllegalArgumentException("invalid " + KEY + " " + PythonRepr.of(text)
                    + ": expected connection or address");
        };
    }

    /** @return the value as it is written in settings */
    String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
