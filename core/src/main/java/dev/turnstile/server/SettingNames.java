package dev.turnstile.server;

import java.util.Locale;

/**
 * How a setting's key is spelt in each place it can be given: the same rule for core's settings
 * and for the ones plugins declare.
 */
public final class SettingNames {

    private SettingNames() {
    }

    /** @return the command-line option, for example {@code --max-request-bytes} */
    public static String option(String key) {
        return "--" + key;
    }

    /** @return the environment variable, for example {@code TURNSTILE_MAX_REQUEST_BYTES} */
    public static String environmentVariable(String key) {
        return "TURNSTILE_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
