package dev.turnstile.client;

import java.io.IOException;

/**
 * The client and the server do not speak the same transport: a plain connection to a server that
 * answers in TLS, or a TLS connection to a server that answers in plain text (or not at all).
 */
public final class ProtocolMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String server;
    private final boolean serverSpeaksTls;

    ProtocolMismatchException(String server, boolean serverSpeaksTls, String message, Throwable cause) {
        super(message, cause);
        this.server = server;
        this.serverSpeaksTls = serverSpeaksTls;
    }

    /** @return the server, {@code host:port} */
    public String server() {
        return server;
    }

    /**
     * @return {@code true} when a plain connection met a server that speaks TLS, {@code false}
     *     when a TLS connection met one that does not
     */
    public boolean serverSpeaksTls() {
        return serverSpeaksTls;
    }
}
