package dev.turnstile.spi;

import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * What the server hands a plugin at {@link Plugin#start}: its folders, the values of the settings it
 * declared, already checked, and the server's timer.
 */
public interface PluginContext {

    /**
     * The server's data folder ({@code data-dir}), an absolute path that exists. A plugin keeps its
     * files in a sub-folder of its own.
     *
     * @return the data folder
     */
    Path dataDir();

    /**
     * The installation folder, absolute. {@link Setting#path path settings} are already resolved
     * against it.
     *
     * @return the installation folder
     */
    Path home();

    /**
     * The value of a setting this plugin declared: the one given on the command line, in the
     * environment or in {@code conf/turnstile.properties}, else the declared default.
     *
     * @param setting one of the plugin's {@link Plugin#settings() declarations}
     * @param <T> the setting's type
     * @return the value, or empty when none was given and the default is empty
     * @throws IllegalArgumentException when the plugin did not declare the setting
     */
    <T> Optional<T> find(Setting<T> setting);

    /**
     * The value of a declared setting that always has one (its default is not empty).
     *
     * @param setting one of the plugin's declarations
     * @param <T> the setting's type
     * @return the value
     * @throws IllegalArgumentException when the plugin did not declare the setting
     * @throws NoSuchElementException when the setting has no value
     */
    default <T> T get(Setting<T> setting) {
        return find(setting).orElseThrow(() -> new NoSuchElementException("setting " + setting.key() + " has no value"));
    }

    /**
     * The largest attachment a request may carry ({@code max-attachment-bytes}, SPEC §2): a larger
     * one is refused with 413 before any handler sees it. A plugin that takes uploads as attachments
     * suggests chunk sizes from it, so a client never sends one the server would refuse.
     *
     * @return the limit in bytes, 0 or more
     */
    long maxAttachmentBytes();

    /**
     * The server's timer, for answers that wait ({@link Response#later}) and for work that must run
     * later on the server thread.
     *
     * @return the timer
     */
    ServerTimer timer();
}
