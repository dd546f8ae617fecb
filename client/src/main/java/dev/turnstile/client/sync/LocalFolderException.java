package dev.turnstile.client.sync;

import java.io.IOException;

/**
 * The local folder cannot be used as it is, and nothing was synced: for example its
 * {@code .turnstile} state folder is a symbolic link, which the sync will not follow out of it.
 * The message says what stands where, and what to do.
 */
public final class LocalFolderException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one sentence naming the path and what to do
     */
    public LocalFolderException(String message) {
        super(message);
    }
}
