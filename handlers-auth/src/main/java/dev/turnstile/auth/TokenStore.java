package dev.turnstile.auth;

import java.io.IOException;
import java.nio.file.Path;

/** Where the current connection's token is kept outside the server, for local tools to read. */
interface TokenStore {

    /**
     * Prepares the store under the data folder and removes a token left by a crash.
     *
     * @param dataDir the server's data folder
     * @throws IOException with one line naming the folder and what to fix, when it is unusable
     */
    void open(Path dataDir) throws IOException;

    /**
     * Replaces the stored token.
     *
     * @param token the new token
     * @throws IOException when it cannot be written; the earlier token, if any, is then unchanged
     */
    void write(String token) throws IOException;

    /** Removes the stored token, if there is one; a failure is logged, since nobody can act on it. */
    void remove();
}
