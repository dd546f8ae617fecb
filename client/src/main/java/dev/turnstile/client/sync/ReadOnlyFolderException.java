package dev.turnstile.client.sync;

import java.io.IOException;

/** The server shares its folder read-only (its answer was 403): nothing can be pushed or deleted. */
public class ReadOnlyFolderException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message the server's sentence, or one that says the folder is read-only */
    public ReadOnlyFolderException(String message) {
        super(message);
    }
}
