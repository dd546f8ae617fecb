package dev.turnstile.client.sync;

import java.io.IOException;

/** A file of the shared folder is gone (the server's answer was 404): it was deleted since it was listed. */
public class RemoteFileMissingException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message the server's sentence */
    public RemoteFileMissingException(String message) {
        super(message);
    }
}
