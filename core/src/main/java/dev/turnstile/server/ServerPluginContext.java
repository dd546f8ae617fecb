package dev.turnstile.server;

import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.ServerTimer;
import dev.turnstile.spi.Setting;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What one plugin gets at start: the data folder, the home, its settings' values, the attachment
 * limit and the server's timer.
 */
final class ServerPluginContext implements PluginContext {

    private final SettingValues values;
    private final Path dataDir;
    private final ServerTimer timer;
    private final long maxAttachmentBytes;

    ServerPluginContext(SettingValues values, Path dataDir, ServerTimer timer, long maxAttachmentBytes) {
        this.values = values;
        this.dataDir = dataDir;
        this.timer = timer;
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public Path home() {
        return values.home();
    }

    @Override
    public <T> Optional<T> find(Setting<T> setting) {
        return values.find(setting);
    }

    @Override
    public long maxAttachmentBytes() {
        return maxAttachmentBytes;
    }

    @Override
    public ServerTimer timer() {
        return timer;
    }

    @Override
    public String toString() {
        return "PluginContext[dataDir=" + dataDir + ", home=" + values.home() + ", settings=" + values + "]";
    }
}
