package dev.turnstile.client.sync;

import java.io.IOException;

/**
 * A file of the shared folder is not the version the request expected (the server's answer was
 * 409): it changed since it was listed, so a delete or a commit was refused.
 */
public class RemoteFileChangedException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message the server's sentence */
    public RemoteFileChangedException(String message) {
        super(message);
    }
}
