package dev.turnstile.cli;

import java.util.Map;

/**
 * What one reading of the {@code turnstile} command line found, whoever read it: picocli
 * ({@link CommandSpecs#arguments}) or {@link SettingArguments}.
 *
 * @param settings each setting given, by key, as typed
 * @param config the {@code --config} argument, or {@code null} for the default file
 * @param check whether {@code --check} was given
 * @param health whether {@code --health} was given
 * @param unmatched whether anything was left that this reading did not know (a plugin's setting,
 *     before the plugins are loaded, or a mistake)
 */
record Arguments(Map<String, String> settings, String config, boolean check, boolean health, boolean unmatched) {
}
