package dev.turnstile.client.sync;

import java.io.IOException;

/** The server has no change feed ({@code /changes} is an unknown url there): too old for a watch that pulls. */
public final class NoChangeFeedException extends IOException {

    private static final long serialVersionUID = 1L;

    NoChangeFeedException(String message) {
        super(message);
    }
}
