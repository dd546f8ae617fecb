package dev.turnstile.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The server options that can come from the command line, the environment, the properties file
 * or the defaults. {@code --config}, {@code --check}, {@code --help} and {@code --version} are not
 * settings: they only make sense on the command line.
 */
enum Setting {
    HOST("host", "127.0.0.1"),
    PORT("port", "8888"),
    PLUGINS("plugins", "plugins"),
    DATA_DIR("data-dir", "data"),
    BUSY("busy", "reject"),
    IDLE_TIMEOUT("idle-timeout", "300"),
    LOGIN_TIMEOUT("login-timeout", "10"),
    MAX_REQUEST_BYTES("max-request-bytes", "1MiB"),
    MAX_PENDING_BYTES("max-pending-bytes", "4MiB"),
    /** Empty by default: no secret, {@code /login} as SPEC §4 describes it. */
    AUTH_SECRET("auth-secret", ""),
    /** Empty by default: plain TCP. */
    TLS_KEYSTORE("tls-keystore", ""),
    TLS_PASSWORD("tls-password", "");

    private final String key;
    private final String defaultValue;

    Setting(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    /** @return the key in the properties file, for example {@code max-request-bytes} */
    String key() {
        return key;
    }

    /** @return the command-line option, for example {@code --max-request-bytes} */
    String option() {
        return "--" + key;
    }

    /** @return the environment variable, for example {@code TURNSTILE_MAX_REQUEST_BYTES} */
    String environmentVariable() {
        return "TURNSTILE_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** @return the default, in the same text form a user would write */
    String defaultValue() {
        return defaultValue;
    }

    static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
