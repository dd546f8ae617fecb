package dev.turnstile.cli;

import dev.turnstile.server.CoreSetting;
import dev.turnstile.server.ServerConfig;
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
 * the properties file, else its default. Relative paths are resolved against the installation's
 * home.
 *
 * <p>Resolution runs twice: {@link #resolveCore} before the plugins are loaded (it finds the
 * plugins folder and leaves the file's other keys unjudged), {@link #resolve} once their
 * declarations are known.
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
     * @param configOption the {@code --config} argument, or {@code null} for the default file
     * @param environment the process environment
     * @param home the installation folder, absolute
     * @return the options, with no plugin setting
     * @throws UsageException naming the option, the value and its source when a value is wrong,
     *     or the file when the properties file is missing or unreadable
     */
    static Options resolveCore(Map<String, String> commandLine, String configOption, Map<String, String> environment,
            Path home) throws UsageException {
        return resolve(commandLine, ConfigFile.read(configOption, home), environment, home, List.of());
    }

    /**
     * Core settings and those the loaded plugins declare.
     *
     * @param plugins every setting the loaded handlers declare
     * @return the options, with the plugin settings given (a declared default is filled in by the server)
     * @throws UsageException also when the file holds a key that neither core nor a plugin declares
     */
    static Options resolve(Map<String, String> commandLine, String configOption, Map<String, String> environment,
            Path home, List<Setting> plugins) throws UsageException {
        ConfigFile config = ConfigFile.read(configOption, home);
        List<String> known = new ArrayList<>();
        CoreSetting.ALL.forEach(setting -> known.add(setting.key()));
        plugins.forEach(setting -> known.add(setting.key()));
        config.requireKnown(known);
        return resolve(commandLine, config, environment, home, plugins);
    }

    private static Options resolve(Map<String, String> commandLine, ConfigFile config, Map<String, String> environment,
            Path home, List<Setting> plugins) throws UsageException {
        ServerConfig server = ServerConfig.defaults().withHome(home);
        List<String> warnings = new ArrayList<>();
        for (CoreSetting<?> setting : CoreSetting.ALL) {
            Value value = choose(setting.declaration(), commandLine, environment, config);
            if (value != null) {
                server = parsed(server, setting, value);
                warnIfExposed(setting.declaration(), value, config, warnings);
            }
        }
        for (Setting setting : plugins) {
            Value value = choose(setting, commandLine, environment, config);
            if (value != null) {
                server = server.withSetting(setting.key(), value.text().strip());
                warnIfExposed(setting, value, config, warnings);
            }
        }
        return new Options(server, List.copyOf(warnings));
    }

    /** @return the given value from the highest source, or {@code null} when only the default applies */
    private static Value choose(Setting setting, Map<String, String> commandLine, Map<String, String> environment,
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

    private static <T> ServerConfig parsed(ServerConfig server, CoreSetting<T> setting, Value value)
            throws UsageException {
        try {
            return server.with(setting, setting.parse(value.text()));
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid " + SettingNames.option(setting.key()) + " "
                    + UsageException.quote(value.text()) + " (from " + value.source() + "): " + e.getMessage());
        }
    }

    private static void warnIfExposed(Setting setting, Value value, ConfigFile config, List<String> warnings) {
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
