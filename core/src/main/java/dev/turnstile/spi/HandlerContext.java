package dev.turnstile.spi;

import java.nio.file.Path;

/**
 * What the server offers its handlers at start-up.
 */
public interface HandlerContext {

    /**
     * The server's data folder ({@code data-dir}), an absolute path that exists. A handler keeps
     * its files in a sub-folder of its own.
     *
     * @return the data folder
     */
    Path dataDir();
}
