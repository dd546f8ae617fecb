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
     * A server option by its key, as written in {@code conf/turnstile.properties}: for example
     * {@code auth-secret}, which the login handler reads. Options that hold no value, and the TLS
     * password, are absent. The default implementation, used by contexts built in tests, has no
     * options at all.
     *
     * @param key the option's key, such as {@code "auth-secret"}
     * @return the option's value, or empty when it is not set
     */
    default Optional<String> setting(String key) {
        return Optional.empty();
    }
}
