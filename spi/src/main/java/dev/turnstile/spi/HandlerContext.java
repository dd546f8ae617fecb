package dev.turnstile.spi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the server offers its handlers at start-up. A lambda returning a folder is a complete
 * context for a handler's unit test: {@code HandlerContext context = () -> tempDir;}.
 */
public interface HandlerContext {

    /**
     * The server's data folder ({@code data-dir}), an absolute path that exists. A handler keeps
     * its files in a sub-folder of its own.
     *
     * @return the data folder
     */
    Path dataDir();

    /**
     * The installation folder, absolute: a relative path in a setting (such as
     * {@code files-root=share}) is resolved against it, as the server's own paths are. The
     * default, for contexts built in tests, is the data folder.
     *
     * @return the installation folder
     */
    default Path home() {
        return dataDir();
    }

    /**
     * The value of a setting this handler {@linkplain Handler#settings() declared}, as given on the
     * command line, in the environment or in {@code conf/turnstile.properties}, else its declared
     * default. A handler sees only its own settings: other keys are always empty. The default
     * implementation, used by contexts built in tests, has no settings at all.
     *
     * @param key the setting's key, such as {@code "files-root"}
     * @return the value, or empty when it is not set and its default is empty
     */
    default Optional<String> setting(String key) {
        return Optional.empty();
    }
}
