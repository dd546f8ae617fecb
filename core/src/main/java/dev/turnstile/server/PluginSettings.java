package dev.turnstile.server;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.ServerTimer;
import dev.turnstile.spi.Setting;
import dev.turnstile.startup.StartupException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings the loaded plugins declare: every key checked once, and the values each plugin
 * gets. A plugin sees only the keys it declared, each with the value given or else its declared
 * default, parsed by {@link ValueFormats} exactly as core's own, so one plugin never reads
 * another's settings (nor its secrets).
 *
 * <p>Refused with a one-line {@link StartupException}: a plugin that declares a core setting's key,
 * two plugins that declare the same key, a declared default its own format refuses, and a given
 * key that neither core nor any plugin declares.
 */
public final class PluginSettings {

    private final Map<String, Declared> declared;

    private PluginSettings(Map<String, Declared> declared) {
        this.declared = declared;
    }

    /**
     * @param plugins the loaded plugins
     * @return their declarations, by key
     * @throws StartupException naming the key and both plugins with their jars when two declare one
     *     key, or the plugin when it declares a core key or a default it cannot parse
     */
    public static PluginSettings of(List<LoadedPlugin> plugins) throws StartupException {
        Map<String, Declared> declared = new LinkedHashMap<>();
        for (LoadedPlugin plugin : plugins) {
            for (Setting<?> setting : plugin.settings()) {
                if (CoreSettings.byKey(setting.key()).isPresent()) {
                    throw new StartupException("plugin " + plugin.describe() + " declares setting \"" + setting.key()
                            + "\", which is a server setting; the plugin must use another key");
                }
                try {
                    ValueFormats.parse(setting, setting.defaultText());
                } catch (IllegalArgumentException e) {
                    throw new StartupException("plugin " + plugin.describe() + " declares setting \"" + setting.key()
                            + "\" with the default \"" + setting.defaultText() + "\", which its own format refuses: "
                            + e.getMessage());
                }
                Declared earlier = declared.putIfAbsent(setting.key(), new Declared(setting, plugin));
                if (earlier != null) {
                    throw new StartupException("setting \"" + setting.key() + "\" is declared twice: by plugin "
                            + earlier.plugin().describe() + " and by plugin " + plugin.describe()
                            + "; remove one of the two jars");
                }
            }
        }
        return new PluginSettings(declared);
    }

    /** @return every declared plugin setting, in plugin order, each key once */
    public List<Setting<?>> all() {
        return declared.values().stream().<Setting<?>>map(Declared::setting).toList();
    }

    /**
     * @param key a key
     * @return the plugin setting of that key
     */
    public Optional<Setting<?>> find(String key) {
        return Optional.ofNullable(declared.get(key)).map(Declared::setting);
    }

    /**
     * @param given the plugin settings given, by key
     * @param source where they came from, for the message, or {@code null} when unknown
     * @throws StartupException naming the first key no plugin declares
     */
    public void requireDeclared(Collection<String> given, String source) throws StartupException {
        for (String key : given) {
            if (!declared.containsKey(key)) {
                throw new StartupException("setting \"" + key + "\"" + (source == null ? "" : " (from " + source + ")")
                        + " is neither a server setting nor declared by any plugin; the keys are " + keys());
            }
        }
    }

    /** @return every key, core's first, for messages that list them */
    public String keys() {
        List<String> keys = new ArrayList<>();
        CoreSettings.ALL.forEach(s -> keys.add(s.key()));
        keys.addAll(declared.keySet());
        return String.join(", ", keys);
    }

    /**
     * @param plugin a loaded plugin
     * @param config the configuration: the values given, the home
     * @param dataDir the data folder, absolute and existing
     * @param timer the server's timer
     * @return what the plugin gets at start: its own settings only, parsed
     * @throws StartupException naming the key, the value and what it accepts when a given value is
     *     not what the declaration accepts (a start from code; the command line checks earlier)
     */
    PluginContext contextFor(LoadedPlugin plugin, ServerConfig config, Path dataDir, ServerTimer timer)
            throws StartupException {
        try {
            return new ServerPluginContext(SettingValues.read(plugin.settings(), config.settings(), config.home()),
                    dataDir, timer, config.maxAttachmentBytes());
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
    }

    private record Declared(Setting<?> setting, LoadedPlugin plugin) {
    }
}
