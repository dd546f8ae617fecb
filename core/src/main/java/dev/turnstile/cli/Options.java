package dev.turnstile.cli;

import dev.turnstile.server.ServerConfig;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The resolved configuration of one server run, and how it is resolved: each setting is taken
 * from the command line, else the environment ({@code TURNSTILE_<KEY>}), else the properties
 * file, else its default. Relative paths are resolved against the installation's home.
 *
 * @param server the server's configuration, with an absolute data folder
 * @param pluginsDir the absolute plugins folder
 */
record Options(ServerConfig server, Path pluginsDir) {

    /**
     * @param commandLine the settings given on the command line
     * @param configOption the {@code --config} argument, or {@code null} for the default file
     * @param environment the process environment
     * @param home the installation folder, absolute
     * @return the options
     * @throws UsageException naming the option, the value and its source when a value is wrong,
     *     or the file when the properties file is missing, unreadable or has an unknown key
     */
    static Options resolve(Map<Setting, String> commandLine, String configOption,
            Map<String, String> environment, Path home) throws UsageException {
        ConfigFile config = ConfigFile.read(configOption, home);
        Map<Setting, Value> chosen = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String env = environment.get(setting.environmentVariable());
            if (commandLine.containsKey(setting)) {
                chosen.put(setting, new Value(commandLine.get(setting), "the command line"));
            } else if (env != null && !env.isBlank()) {
                chosen.put(setting, new Value(env, setting.environmentVariable()));
            } else if (config.values().containsKey(setting)) {
                chosen.put(setting, new Value(config.values().get(setting), config.file().toString()));
            } else {
                chosen.put(setting, new Value(setting.defaultValue(), "the default"));
            }
        }
        ServerConfig server = ServerConfig.defaults()
                .withHost(parse(chosen, Setting.HOST, ValueFormats::host))
                .withPort(parse(chosen, Setting.PORT, ValueFormats::port))
                .withBusy(parse(chosen, Setting.BUSY, ValueFormats::busy))
                .withIdleTimeout(parse(chosen, Setting.IDLE_TIMEOUT, ValueFormats::timeout))
                .withLoginTimeout(parse(chosen, Setting.LOGIN_TIMEOUT, ValueFormats::timeout))
                .withMaxRequestBytes(parse(chosen, Setting.MAX_REQUEST_BYTES, ValueFormats::size))
                .withMaxPendingBytes(parse(chosen, Setting.MAX_PENDING_BYTES, ValueFormats::size))
                .withDataDir(home.resolve(parse(chosen, Setting.DATA_DIR, ValueFormats::path)).normalize());
        Path plugins = home.resolve(parse(chosen, Setting.PLUGINS, ValueFormats::path)).normalize();
        return new Options(server, plugins);
    }

    private static <T> T parse(Map<Setting, Value> chosen, Setting setting, Function<String, T> format)
            throws UsageException {
        Value value = chosen.get(setting);
        try {
            return format.apply(value.text().strip());
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid " + setting.option() + " " + UsageException.quote(value.text())
                    + " (from " + value.source() + "): " + e.getMessage());
        }
    }

    /** A setting's text and where it came from, for error messages. */
    private record Value(String text, String source) {
    }
}
