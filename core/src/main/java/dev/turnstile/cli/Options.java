package dev.turnstile.cli;

import dev.turnstile.server.CoreSettings;
import dev.turnstile.server.SettingNames;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.ValueFormats;
import dev.turnstile.spi.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resolved configuration of one server run, and how it is resolved: each setting, core's or
 * a plugin's, is taken from the command line, else the environment ({@code TURNSTILE_<KEY>}), else
 * the properties file, else its default, and its text is read by {@link ValueFormats} against its
 * declaration: a bad value is one {@link UsageException} naming the option, the value, where it came
 * from and what it accepts. Relative paths are resolved against the installation's home.
 *
 * <p>Resolution runs twice over the one reading of the properties file: {@link #resolveCore}
 * before the plugins are loaded (it finds the plugins folder and leaves the file's other keys
 * unjudged), {@link #resolve} once their declarations are known.
 *
 * <p>Secrets are best given in the environment: the command line is visible to every local user
 * in the process list, and a properties file that group or others can read gives them away too,
 * which {@link #warnings()} reports.
 *
 * @param server the server's configuration: core settings, the plugin settings given, the home
 * @param warnings things to log at start-up that do not stop it
 */
record Options(ServerConfig server, List<String> warnings) {

    /** @return the absolute plugins folder */
    Path pluginsDir() {
        return server.pluginsDir();
    }

    /**
     * Core settings only; a key of the file that is not core's is left for {@link #resolve}.
     *
     * @param commandLine the settings given on the command line, by key
     * @param config the properties file, read once
     * @param environment the process environment
     * @param home the installation folder, absolute
     * @return the options, with no plugin setting
     * @throws UsageException naming the option, the value and its source when a value is wrong
     */
    static Options resolveCore(Map<String, String> commandLine, ConfigFile config, Map<String, String> environment,
            Path home) throws UsageException {
        return resolve(commandLine, config, environment, home, List.of(), false);
    }

    /**
     * Core settings and those the loaded plugins declare, every value checked.
     *
     * @param plugins every setting the loaded plugins declare
     * @return the options, with the plugin settings given (a declared default is filled in by the server)
     * @throws UsageException also when the file holds a key that neither core nor a plugin declares
     */
    static Options resolve(Map<String, String> commandLine, ConfigFile config, Map<String, String> environment,
            Path home, List<Setting<?>> plugins) throws UsageException {
        return resolve(commandLine, config, environment, home, plugins, true);
    }

    private static Options resolve(Map<String, String> commandLine, ConfigFile config, Map<String, String> environment,
            Path home, List<Setting<?>> plugins, boolean complete) throws UsageException {
        if (complete) {
            List<String> known = new ArrayList<>();
            CoreSettings.ALL.forEach(setting -> known.add(setting.key()));
            plugins.forEach(setting -> known.add(setting.key()));
            config.requireKnown(known);
        }
        ServerConfig server = ServerConfig.defaults().withHome(home);
        List<String> warnings = new ArrayList<>();
        for (Setting<?> setting : CoreSettings.ALL) {
            Value value = choose(setting, commandLine, environment, config);
            if (value != null) {
                server = withCore(server, setting, value);
                warnIfExposed(setting, value, config, warnings);
            }
        }
        for (Setting<?> setting : plugins) {
            Value value = choose(setting, commandLine, environment, config);
            if (value != null) {
                parse(setting, value);
                server = server.withSetting(setting.key(), value.text().strip());
                warnIfExposed(setting, value, config, warnings);
            }
        }
        return new Options(server, List.copyOf(warnings));
    }

    /** @return the given value from the highest source, or {@code null} when only the default applies */
    private static Value choose(Setting<?> setting, Map<String, String> commandLine, Map<String, String> environment,
            ConfigFile config) {
        String variable = SettingNames.environmentVariable(setting.key());
        String env = environment.get(variable);
        if (commandLine.containsKey(setting.key())) {
            return new Value(commandLine.get(setting.key()), "the command line");
        } else if (env != null && !env.isBlank()) {
            return new Value(env, variable);
        } else if (config.values().containsKey(setting.key())) {
            return new Value(config.values().get(setting.key()), config.file().toString());
        }
        return null;
    }

    private static <T> ServerConfig withCore(ServerConfig server, Setting<T> setting, Value value)
            throws UsageException {
        T parsed = parse(setting, value);
        try {
            return server.with(setting, parsed);
        } catch (IllegalArgumentException e) {
            throw invalid(setting, value, e);
        }
    }

    private static <T> T parse(Setting<T> setting, Value value) throws UsageException {
        try {
            return ValueFormats.parse(setting, value.text());
        } catch (IllegalArgumentException e) {
            throw invalid(setting, value, e);
        }
    }

    private static UsageException invalid(Setting<?> setting, Value value, IllegalArgumentException e) {
        return new UsageException("invalid " + SettingNames.option(setting.key()) + " "
                + UsageException.quote(value.text()) + " (from " + value.source() + "): " + e.getMessage());
    }

    private static void warnIfExposed(Setting<?> setting, Value value, ConfigFile config, List<String> warnings) {
        if (setting.secret() && config.file() != null && value.source().equals(config.file().toString())
                && !value.text().isBlank() && othersCanRead(config.file())) {
            warnings.add(setting.key() + " is set in " + config.file() + ", which group or others can read;"
                    + " run chmod 600 on it, or give the value as " + SettingNames.environmentVariable(setting.key()));
        }
    }

    private static boolean othersCanRead(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            // No POSIX permissions to judge (Windows): nothing reliable to warn about.
            return false;
        }
    }

    /** A setting's text and where it came from, for error messages. */
    private record Value(String text, String source) {
    }
}
