package dev.turnstile.files;

import dev.turnstile.filemodel.IgnoreRules;
import dev.turnstile.spi.PluginContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The plugin's settings as the server checked them, and its own folder.
 *
 * @param root the shared folder, absolute
 * @param writable whether uploads and deletes are allowed
 * @param dataDir the server's data folder, absolute; the plugin keeps its files in {@code files/}
 * @param rawChunk the bytes per upload chunk sent as an attachment that {@code /upload_begin}
 *     suggests: {@link #MAX_RAW_CHUNK}, or the server's {@code max-attachment-bytes} when smaller
 * @param excluded what {@code files-exclude} keeps out of every url and of the index
 * @param quiet how long a changed file must be left alone before it is numbered ({@code files-quiet})
 * @param rescan how often the whole folder is scanned again, or zero for never ({@code files-rescan})
 * @param reports who tells the index of changes in the folder
 * @param wallClockMillis the time of day, comparable with file times
 */
record FolderSettings(Path root, boolean writable, Path dataDir, int rawChunk, IgnoreRules excluded, Duration quiet,
        Duration rescan, Reports reports, LongSupplier wallClockMillis) {

    /** Who tells the index of changes made in the shared folder by others than Turnstile. */
    enum Reports {
        /** The platform's watcher ({@link FolderWatcher}): the server. */
        WATCHER,
        /**
         * The code that opened the folder, through {@link IndexUpdater#observe} (a test that moves
         * time by hand), trusted as the watcher is.
         */
        CALLER,
        /** Nobody: a listing looks at each file it lists, and an overwrite reads its target. */
        NONE
    }

    /** The most bytes of a raw {@code /get_file_data} answer (SPEC §8), and of a suggested raw upload chunk. */
    static final int MAX_RAW_CHUNK = 8 * 1024 * 1024;

    static FolderSettings from(PluginContext context) {
        return new FolderSettings(context.get(FilesPlugin.ROOT), context.get(FilesPlugin.WRITABLE),
                context.dataDir().toAbsolutePath().normalize(), (int) Math.min(MAX_RAW_CHUNK, context.maxAttachmentBytes()),
                Exclusions.parse(context.find(FilesPlugin.EXCLUDE).orElse("")), context.get(FilesPlugin.QUIET),
                context.get(FilesPlugin.RESCAN), Reports.WATCHER, System::currentTimeMillis);
    }

    /** @return the plugin's own folder, {@code <data-dir>/files} */
    Path stateDir() {
        return dataDir.resolve("files");
    }
}
