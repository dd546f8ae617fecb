package dev.turnstile.cli;

import dev.turnstile.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The resolved configuration of one server run, and how it is resolved: each setting is taken
 * from the command line, else the environment ({@code TURNSTILE_<KEY>}), else the properties
 * file, else its default. Relative paths are resolved against the installation's home.
 *
 * <p>The login secret is best given as {@code TURNSTILE_AUTH_SECRET}: the command line is visible
 * to every local user in the process list, and a properties file that group or others can read
 * gives it away too, which {@link #warnings()} reports.
 *
 * @param server the server's configuration, with an absolute data folder
 * @param pluginsDir the absolute plugins folder
 * @param warnings things to log at start-up that do not stop it
 */
record Options(ServerConfig server, Path pluginsDir, List<String> warnings) {

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
        String secret = optional(chosen, Setting.AUTH_SECRET, text -> text);
        String keystore = optional(chosen, Setting.TLS_KEYSTORE, text -> text);
        server = server.withAuthSecret(secret).withTls(
                keystore == null ? null : home.resolve(ValueFormats.path(keystore)).normalize(),
                optional(chosen, Setting.TLS_PASSWORD, text -> text));
        Path plugins = home.resolve(parse(chosen, Setting.PLUGINS, ValueFormats::path)).normalize();
        List<String> warnings = new ArrayList<>();
        for (Setting secretSetting : List.of(Setting.AUTH_SECRET, Setting.TLS_PASSWORD)) {
            Value value = chosen.get(secretSetting);
            if (config.file() != null && value.source().equals(config.file().toString()) && !value.text().isBlank()
                    && othersCanRead(config.file())) {
                warnings.add(secretSetting.key() + " is set in " + config.file() + ", which group or others can read;"
                        + " run chmod 600 on it, or give the value as " + secretSetting.environmentVariable());
            }
        }
        return new Options(server, plugins, List.copyOf(warnings));
    }

    /** A setting whose empty or blank value means "not set". */
    private static String optional(Map<Setting, Value> chosen, Setting setting, Function<String, String> format)
            throws UsageException {
        String text = parse(chosen, setting, format);
        return text.isEmpty() ? null : text;
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
