package dev.turnstile.cli;

import java.util.Locale;

/**
 * How a setting's key is spelt in each place it can be given: the same rule for core's settings
 * and for the ones plugins declare.
 */
final class SettingNames {

    private SettingNames() {
    }

    /** @return the command-line option, for example {@code --max-request-bytes} */
    static String option(String key) {
        return "--" + key;
    }

    /** @return the environment variable, for example {@code TURNSTILE_MAX_REQUEST_BYTES} */
    static String environmentVariable(String key) {
        return "TURNSTILE_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
