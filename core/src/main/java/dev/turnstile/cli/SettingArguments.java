package dev.turnstile.cli;

import dev.turnstile.server.CoreSettings;
import dev.turnstile.spi.Setting;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the usual server command line without picocli: settings as {@code --KEY VALUE},
 * {@code --config FILE}, {@code --check} and {@code --health}. picocli costs a start about 0.2 s of one core (its
 * classes, compiled for Java 5, are verified at every start and cannot go into the class-data
 * archive), and a server started by a supervisor or a script almost always gets just a few
 * settings.
 *
 * <p>It reads only what picocli would read the same way: each option once, as separate words, with
 * a value that does not start with {@code -}. Anything else ({@code --KEY=VALUE}, a repeated
 * option, {@code --help}, {@code --version}, a short option, a stray word, a missing value, any
 * {@code picocli.*} system property) is left to picocli, so that help, usage errors and their
 * messages stay picocli's. A key that core does not know is taken for a plugin's until the plugins
 * are loaded; if none of them declares it either, picocli reads the line again and reports it.
 */
final class SettingArguments {

    private final Map<String, String> settings;
    private final String config;
    private final boolean check;
    private final boolean health;

    private SettingArguments(Map<String, String> settings, String config, boolean check, boolean health) {
        this.settings = settings;
        this.config = config;
        this.check = check;
        this.health = health;
    }

    /** @return the arguments, or {@code null} when picocli must read them */
    static SettingArguments read(String[] args) {
        for (String property : System.getProperties().stringPropertyNames()) {
            if (property.startsWith("picocli.")) {
                return null;
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        String config = null;
        boolean check = false;
        boolean health = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals(CommandSpecs.CHECK) || option.equals(CommandSpecs.HEALTH)) {
                boolean isCheck = option.equals(CommandSpecs.CHECK);
                if (isCheck ? check : health) {
                    return null;
                }
                check |= isCheck;
                health |= !isCheck;
                continue;
            }
            if (!isOneOption(option) || i + 1 == args.length || args[i + 1].startsWith("-")) {
                return null;
            }
            String value = args[++i];
            if (option.equals(CommandSpecs.CONFIG)) {
                if (config != null) {
                    return null;
                }
                config = value;
            } else if (settings.putIfAbsent(option.substring(2), value) != null) {
                return null;
            }
        }
        return new SettingArguments(settings, config, check, health);
    }

    /** {@code --NAME} that picocli can only take as the option NAME with a value: no {@code =}, not help or version. */
    private static boolean isOneOption(String arg) {
        return arg.startsWith("--") && arg.length() > 2 && arg.indexOf('=') < 0
                && !arg.equals("--help") && !arg.equals("--version");
    }

    /** @return what the first, lenient reading sees: core's settings, and whether other keys were given */
    Arguments core() {
        Map<String, String> core = known(List.of());
        return new Arguments(core, config, check, health, core.size() < settings.size());
    }

    /**
     * @param plugins the settings the loaded plugins declare
     * @return every setting given, or {@code null} when a key is neither core's nor one of
     *     {@code plugins}, for picocli to report
     */
    Arguments all(List<Setting<?>> plugins) {
        Map<String, String> known = known(plugins);
        return known.size() == settings.size() ? new Arguments(known, config, check, health, false) : null;
    }

    /** @return the settings given whose key is core's or one of {@code plugins}, in the order given */
    private Map<String, String> known(List<Setting<?>> plugins) {
        Set<String> keys = new HashSet<>();
        for (Setting<?> setting : CoreSettings.ALL) {
            keys.add(setting.key());
        }
        for (Setting<?> setting : plugins) {
            keys.add(setting.key());
        }
        Map<String, String> known = new LinkedHashMap<>(settings);
        known.keySet().retainAll(keys);
        return known;
    }
}
