package dev.turnstile.files;

import dev.turnstile.spi.HandlerContext;
import dev.turnstile.spi.Setting;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The plugin's settings, read and checked once at start-up.
 *
 * @param root the shared folder, absolute
 * @param writable whether uploads and deletes are allowed
 * @param stateDir the plugin's own folder, {@code <data-dir>/files}
 */
record FolderSettings(Path root, boolean writable, Path stateDir) {

    static final String ROOT = "files-root";
    static final String WRITABLE = "files-writable";

    /** What every handler of the plugin declares: they share one folder. */
    static final List<Setting> DECLARED = List.of(
            Setting.of(ROOT, "Folder the files plugin shares, relative to the installation", "share"),
            Setting.of(WRITABLE, "Whether clients may upload and delete files in it (true or false)", "false"));

    /**
     * @throws IllegalArgumentException with one line naming the setting and what to fix
     */
    static FolderSettings from(HandlerContext context) {
        String rootText = context.setting(ROOT).filter(s -> !s.isBlank()).orElse("share");
        String writableText = context.setting(WRITABLE).filter(s -> !s.isBlank()).orElse("false").trim();
        boolean writable;
        if (writableText.equalsIgnoreCase("true")) {
            writable = true;
        } else if (writableText.equalsIgnoreCase("false")) {
            writable = false;
        } else {
            throw new IllegalArgumentException(WRITABLE + " must be true or false, not \"" + writableText + '"');
        }
        Path root;
        try {
            root = context.home().resolve(rootText).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(ROOT + " \"" + rootText + "\" is not a valid path: " + e.getReason());
        }
        return new FolderSettings(root, writable, context.dataDir().resolve("files").toAbsolutePath().normalize());
    }
}
