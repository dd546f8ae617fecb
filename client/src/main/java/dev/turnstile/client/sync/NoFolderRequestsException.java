package dev.turnstile.client.sync;

import java.io.IOException;

/** A {@link RemoteFolder} that cannot make or remove a folder alone: a push then leaves folders as they are. */
final class NoFolderRequestsException extends IOException {

    private static final long serialVersionUID = 1L;

    NoFolderRequestsException(String message) {
        super(message);
    }
}
