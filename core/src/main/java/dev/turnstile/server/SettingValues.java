package dev.turnstile.server;

import dev.turnstile.spi.Setting;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values of one plugin's declared settings, as the server hands them out: for each, the text
 * given, else the declared default, read by {@link ValueFormats}; a path resolved against the
 * installation folder. The server reads one per plugin at start ({@link PluginSettings}); the
 * testing kit's fake context reads its own the same way, so a test sees what a server would.
 */
public final class SettingValues {

    private final Map<String, Setting<?>> declared;
    private final Map<String, Object> values;
    private final Path home;

    private SettingValues(Map<String, Setting<?>> declared, Map<String, Object> values, Path home) {
        this.declared = declared;
        this.values = values;
        this.home = home;
    }

    /**
     * @param declared the settings a plugin declares
     * @param given the values given, as text, by key; keys of other settings are ignored
     * @param home the installation folder, absolute
     * @return the values
     * @throws IllegalArgumentException one line such as {@code invalid --files-writable 'maybe':
     *     expected true or false}, naming the first value its declaration refuses
     */
    public static SettingValues read(List<Setting<?>> declared, Map<String, String> given, Path home) {
        Map<String, Setting<?>> byKey = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : declared) {
            byKey.put(setting.key(), setting);
            String text = given.getOrDefault(setting.key(), setting.defaultText());
            Object value;
            try {
                value = ValueFormats.parse(setting, text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid --" + setting.key() + " '" + text + "': " + e.getMessage(), e);
            }
            if (value instanceof Path path) {
                value = home.resolve(path).normalize();
            }
            if (value != null) {
                values.put(setting.key(), value);
            }
        }
        return new SettingValues(byKey, values, home);
    }

    /**
     * @param setting one of the declarations
     * @param <T> its type
     * @return its value, or empty when it is not set (nothing given and an empty default)
     * @throws IllegalArgumentException when the setting is not one of the declarations
     */
    public <T> Optional<T> find(Setting<T> setting) {
        if (!setting.equals(declared.get(setting.key()))) {
            throw new IllegalArgumentException("the plugin did not declare setting \"" + setting.key()
                    + "\"; it declares " + declared.keySet());
        }
        return Optional.ofNullable(setting.type().cast(values.get(setting.key())));
    }

    /** @return the installation folder the paths were resolved against */
    public Path home() {
        return home;
    }

    @Override
    public String toString() {
        // Keys only: some values are secrets.
        return "SettingValues" + values.keySet();
    }
}
