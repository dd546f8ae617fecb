package dev.turnstile.client;

import javax.net.ssl.SSLHandshakeException;

/**
 * The TLS handshake stopped because the server's certificate is not one the {@link TlsTrust}
 * accepts. Nothing was sent to the server. Carries the fingerprint of the certificate the server
 * presented, so that a person can compare it with the one the server logs and trust it on purpose.
 */
public final class UntrustedCertificateException extends SSLHandshakeException {

    private static final long serialVersionUID = 1L;

    /** Why the certificate was refused. */
    public enum Reason {
        /** No trusted authority signs it ({@link TlsTrust#systemDefault()}, {@link TlsTrust#trustStore}). */
        NO_AUTHORITY,
        /** A trusted authority signs it, but for another host name than the one connected to. */
        WRONG_HOST,
        /** It is none of the certificates of {@link TlsTrust#certificate}'s file. */
        NOT_PINNED,
        /** It differs from the one the known-servers file remembers for this server. */
        CHANGED,
        /** It is not the one {@link TlsTrust#acceptingCertificate} names. */
        NOT_ACCEPTED
    }

    private final String server;
    private final Reason reason;
    private final String fingerprint;
    private final String expected;

    UntrustedCertificateException(String server, Reason reason, String fingerprint, String expected, Throwable cause) {
        super(message(server, reason, fingerprint, expected));
        this.server = server;
        this.reason = reason;
        this.fingerprint = fingerprint;
        this.expected = expected;
        if (cause != null) {
            initCause(cause);
        }
    }

    /** @return the server, {@code host:port} */
    public String server() {
        return server;
    }

    /** @return why the certificate was refused */
    public Reason reason() {
        return reason;
    }

    /** @return the SHA-256 fingerprint of the certificate the server presented, {@code SHA256:ab:cd:…} */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * @return the fingerprint that was expected instead: the remembered one ({@link Reason#CHANGED}),
     *     the accepted one ({@link Reason#NOT_ACCEPTED}), the first pinned one
     *     ({@link Reason#NOT_PINNED}); otherwise {@code null}
     */
    public String expected() {
        return expected;
    }

    private static String message(String server, Reason reason, String fingerprint, String expected) {
        return switch (reason) {
            case NO_AUTHORITY -> server + " presents a certificate that no trusted authority signs (" + fingerprint + ")";
            case WRONG_HOST -> server + " presents a certificate signed for another host name (" + fingerprint + ")";
            case NOT_PINNED -> server + " presents the certificate " + fingerprint + ", not the trusted one"
                    + (expected == null ? "" : " (" + expected + ")");
            case CHANGED -> "the certificate of " + server + " has changed: it was " + expected + ", it is now " + fingerprint;
            case NOT_ACCEPTED -> server + " presents the certificate " + fingerprint + ", not the accepted " + expected;
        };
    }
}
