package dev.turnstile.files;

import dev.turnstile.spi.PluginContext;
import java.nio.file.Path;

/**
 * The plugin's settings as the server checked them, and its own folder.
 *
 * @param root the shared folder, absolute
 * @param writable whether uploads and deletes are allowed
 * @param dataDir the server's data folder, absolute; the plugin keeps its files in {@code files/}
 * @param rawChunk the bytes per upload chunk sent as an attachment that {@code /upload_begin}
 *     suggests: {@link #MAX_RAW_CHUNK}, or the server's {@code max-attachment-bytes} when smaller
 */
record FolderSettings(Path root, boolean writable, Path dataDir, int rawChunk) {

    /** The most bytes of a raw {@code /get_file_data} answer (SPEC §8), and of a suggested raw upload chunk. */
    static final int MAX_RAW_CHUNK = 8 * 1024 * 1024;

    static FolderSettings from(PluginContext context) {
        return new FolderSettings(context.get(FilesPlugin.ROOT), context.get(FilesPlugin.WRITABLE),
                context.dataDir().toAbsolutePath().normalize(), (int) Math.min(MAX_RAW_CHUNK, context.maxAttachmentBytes()));
    }

    /** @return the plugin's own folder, {@code <data-dir>/files} */
    Path stateDir() {
        return dataDir.resolve("files");
    }
}
