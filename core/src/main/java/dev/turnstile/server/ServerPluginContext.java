package dev.turnstile.server;

import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.ServerTimer;
import dev.turnstile.spi.Setting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one plugin gets at start: the data folder, the home, the server's timer and the parsed
 * values of the settings it declared; a path is resolved against the home here.
 */
final class ServerPluginContext implements PluginContext {

    private final List<Setting<?>> declared;
    private final Map<String, Object> values;
    private final Path dataDir;
    private final Path home;
    private final ServerTimer timer;

    ServerPluginContext(List<Setting<?>> declared, Map<String, Object> values, Path dataDir, Path home,
            ServerTimer timer) {
        this.declared = declared;
        this.values = values;
        this.dataDir = dataDir;
        this.home = home;
        this.timer = timer;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public <T> Optional<T> find(Setting<T> setting) {
        if (!declared.contains(setting)) {
            throw new IllegalArgumentException("the plugin did not declare setting \"" + setting.key()
                    + "\"; a plugin reads only the settings its settings() returns");
        }
        Object value = values.get(setting.key());
        if (value instanceof Path path) {
            value = home.resolve(path).normalize();
        }
        return Optional.ofNullable(setting.type().cast(value));
    }

    @Override
    public ServerTimer timer() {
        return timer;
    }

    @Override
    public String toString() {
        // Keys only: some values are secrets.
        return "PluginContext[dataDir=" + dataDir + ", home=" + home + ", settings=" + values.keySet() + "]";
    }
}
