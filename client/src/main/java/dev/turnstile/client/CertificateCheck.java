package dev.turnstile.client;

import dev.turnstile.client.UntrustedCertificateException.Reason;
import java.io.IOException;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks the certificate of one server, for one connection, by the rule of a {@link TlsTrust}. A
 * refusal is a {@link Refusal}, which the handshake carries back as the cause of its exception and
 * {@link Transport} turns into an {@link UntrustedCertificateException}. A certificate to remember
 * is written only once the handshake has succeeded ({@link #handshakeDone()}), so that a server
 * that cannot prove it holds the certificate's key is never remembered.
 */
final class CertificateCheck extends X509ExtendedTrustManager {

    /** How the certificate is judged. */
    enum Rule {
        /** A trusted authority signs it for the host connected to. */
        AUTHORITIES,
        /** It is one of a fixed set of certificates, whatever host it names. */
        PINNED,
        /** As {@link #AUTHORITIES}; failing that, it is the one remembered, or the server is new. */
        FIRST_USE,
        /** It has exactly the accepted fingerprint; it is then remembered. */
        ACCEPTED
    }

    /** A refused certificate, as the trust manager must throw it. */
    static final class Refusal extends CertificateException {
        private static final long serialVersionUID = 1L;

        final Reason reason;
        final String fingerprint;
        final String expected;

        Refusal(Reason reason, String fingerprint, String expected, Throwable cause) {
            super(reason + " " + fingerprint, cause);
            this.reason = reason;
            this.fingerprint = fingerprint;
            this.expected = expected;
        }
    }

    @FunctionalInterface
    private interface Validation {
        void run() throws CertificateException;
    }

    private final Rule rule;
    private final X509ExtendedTrustManager authorities;
    private final List<String> pinned;
    private final String server;
    private final KnownServersFile known;
    private final String accepted;
    private final Consumer<RememberedCertificate> onRemembered;
    private volatile String toRemember;
    private volatile String replaced;

    /**
     * @param authorities the PKIX check of the rule's authorities (or pinned certificates); unused
     *     for {@link Rule#ACCEPTED}
     * @param pinned the fingerprints of the pinned certificates, for {@link Rule#PINNED}'s refusal
     */
    CertificateCheck(Rule rule, X509ExtendedTrustManager authorities, List<String> pinned, String server,
            KnownServersFile known, String accepted, Consumer<RememberedCertificate> onRemembered) {
        this.rule = rule;
        this.authorities = authorities;
        this.pinned = pinned;
        this.server = server;
        this.known = known;
        this.accepted = accepted;
        this.onRemembered = onRemembered;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, () -> authorities.checkServerTrusted(chain, authType, socket),
                () -> authorities.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, () -> authorities.checkServerTrusted(chain, authType, engine),
                () -> authorities.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, () -> authorities.checkServerTrusted(chain, authType),
                () -> authorities.checkServerTrusted(chain, authType));
    }

    /**
     * @param withHost the authorities' check, with the host name when the connection asks for it
     * @param chainOnly the same check of the chain alone, which tells a wrong host from no authority
     */
    private void check(X509Certificate[] chain, Validation withHost, Validation chainOnly) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        String fingerprint = CertificateFingerprint.of(chain[0]);
        switch (rule) {
            case ACCEPTED -> {
                if (!fingerprint.equals(accepted)) {
                    throw new Refusal(Reason.NOT_ACCEPTED, fingerprint, accepted, null);
                }
                String remembered = remembered();
                if (!fingerprint.equals(remembered)) {
                    toRemember = fingerprint;
                    replaced = remembered;
                }
            }
            case FIRST_USE -> {
                try {
                    withHost.run();
                    return;
                } catch (CertificateException notByAnAuthority) {
                    String remembered = remembered();
                    if (remembered == null) {
                        toRemember = fingerprint;
                    } else if (!remembered.equals(fingerprint)) {
                        throw new Refusal(Reason.CHANGED, fingerprint, remembered, null);
                    }
                }
            }
            case PINNED -> {
                try {
                    chainOnly.run();
                } catch (CertificateException e) {
                    throw new Refusal(Reason.NOT_PINNED, fingerprint, pinned.isEmpty() ? null : pinned.get(0), e);
                }
            }
            case AUTHORITIES -> {
                try {
                    withHost.run();
                } catch (CertificateException e) {
                    Reason reason;
                    try {
                        chainOnly.run();
                        reason = Reason.WRONG_HOST;
                    } catch (CertificateException unsigned) {
                        reason = Reason.NO_AUTHORITY;
                    }
                    throw new Refusal(reason, fingerprint, null, e);
                }
            }
        }
    }

    private String remembered() throws CertificateException {
        try {
            return known.fingerprint(server);
        } catch (IOException e) {
            throw new CertificateException("cannot read the known servers in " + known.path() + ": " + e.getMessage(), e);
        }
    }

    /** Writes the certificate this connection trusted for the first time, if any, and reports it. */
    void handshakeDone() throws IOException {
        String fingerprint = toRemember;
        if (fingerprint == null) {
            return;
        }
        try {
            known.remember(server, fingerprint);
        } catch (IOException e) {
            throw new IOException("cannot remember the certificate of " + server + " in " + known.path() + ": "
                    + e.getMessage(), e);
        }
        if (onRemembered != null) {
            onRemembered.accept(new RememberedCertificate(server, fingerprint, replaced, known.path()));
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return authorities == null ? new X509Certificate[0] : authorities.getAcceptedIssuers();
    }
}
