package dev.turnstile.files;

import dev.turnstile.spi.PluginContext;
import java.nio.file.Path;

/**
 * The plugin's settings as the server checked them, and its own folder.
 *
 * @param root the shared folder, absolute
 * @param writable whether uploads and deletes are allowed
 * @param stateDir the plugin's own folder, {@code <data-dir>/files}
 */
record FolderSettings(Path root, boolean writable, Path stateDir) {

    static FolderSettings from(PluginContext context) {
        return new FolderSettings(context.get(FilesPlugin.ROOT), context.get(FilesPlugin.WRITABLE),
                context.dataDir().resolve("files").toAbsolutePath().normalize());
    }
}
