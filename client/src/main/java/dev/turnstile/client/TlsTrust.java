package dev.turnstile.client;

import dev.turnstile.client.CertificateCheck.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which server certificates a TLS connection accepts.
 *
 * <ul>
 *   <li>{@link #systemDefault()}: the Java runtime's trusted authorities, and the certificate
 *       must name the host connected to, as a browser checks.</li>
 *   <li>{@link #trustStore}: the authorities in a key store file (PKCS12 or JKS), and the
 *       certificate must name the host.</li>
 *   <li>{@link #certificate}: exactly the certificates in one file (PEM or DER), typically the
 *       server's own self-signed one. The host name is not checked: trusting one exact
 *       certificate already pins the server.</li>
 *   <li>{@link #trustOnFirstUse}: the runtime's authorities as {@link #systemDefault()} checks
 *       them; a certificate they do not vouch for (a self-signed one) is trusted at the first
 *       connection to that {@code host:port} and remembered in a known-servers file, as ssh does,
 *       and from then on only that certificate is trusted for it. {@link #acceptingCertificate}
 *       accepts a new certificate, named by its fingerprint, in place of the remembered one.</li>
 * </ul>
 *
 * <p>A refused certificate is an {@link UntrustedCertificateException} that carries its SHA-256
 * fingerprint. Immutable; files are read when a connection is made.
 */
public final class TlsTrust {

    private final Rule rule;
    private final Path file;
    private final char[] password;
    private final String accepted;
    private final Consumer<RememberedCertificate> onRemembered;

    private TlsTrust(Rule rule, Path file, char[] password, String accepted,
            Consumer<RememberedCertificate> onRemembered) {
        this.rule = rule;
        this.file = file;
        this.password = password == null ? null : password.clone();
        this.accepted = accepted;
        this.onRemembered = onRemembered;
    }

    /** @return trust in the Java runtime's default authorities */
    public static TlsTrust systemDefault() {
        return new TlsTrust(Rule.AUTHORITIES, null, null, null, null);
    }

    /**
     * @param file a PKCS12 or JKS key store whose certificates are the trusted authorities
     * @param password its password, or {@code null} to read its certificates without checking
     *     its integrity
     * @return trust in the authorities of that store
     */
    public static TlsTrust trustStore(Path file, char[] password) {
        return new TlsTrust(Rule.AUTHORITIES, Objects.requireNonNull(file, "file"), password, null, null);
    }

    /**
     * @param file one or more X.509 certificates, PEM ({@code -----BEGIN CERTIFICATE-----}) or
     *     DER
     * @return trust in exactly those certificates, whatever host name they carry
     */
    public static TlsTrust certificate(Path file) {
        return new TlsTrust(Rule.PINNED, Objects.requireNonNull(file, "file"), null, null, null);
    }

    /**
     * Trusts what the runtime's authorities sign for the host; otherwise trusts a server's
     * certificate the first time it is met and only that one afterwards. The file holds one line per
     * server, {@code host:port SHA256:ab:cd:…}; it is read at each connection and written (whole,
     * owner-only, by an atomic rename, never through a symbolic link) only after a handshake that
     * trusted a new certificate. A certificate that differs from the remembered one is refused with
     * {@link UntrustedCertificateException.Reason#CHANGED}.
     *
     * @param knownServers the known-servers file, for example {@link #knownServersFile()}; created
     *     with its folder (0700) when first needed
     * @param onRemembered told of each certificate written into the file, on the connecting
     *     thread; may be {@code null}
     * @return trust on first use
     */
    public static TlsTrust trustOnFirstUse(Path knownServers, Consumer<RememberedCertificate> onRemembered) {
        return new TlsTrust(Rule.FIRST_USE, Objects.requireNonNull(knownServers, "knownServers"), null, null,
                onRemembered);
    }

    /**
     * Accepts exactly the certificate with this fingerprint, whatever authority or host name it has,
     * and remembers it in this trust's known-servers file in place of the one remembered: how a
     * person accepts a server's new certificate after comparing its fingerprint with the one the
     * server logs. Any other certificate is refused with
     * {@link UntrustedCertificateException.Reason#NOT_ACCEPTED}.
     *
     * @param fingerprint the SHA-256 fingerprint, {@code SHA256:ab:cd:…}; the prefix, the colons and
     *     the case are optional
     * @return a trust that accepts only that certificate
     * @throws IllegalArgumentException when {@code fingerprint} is not a SHA-256 fingerprint
     * @throws IllegalStateException when this trust is not {@link #trustOnFirstUse}
     */
    public TlsTrust acceptingCertificate(String fingerprint) {
        if (rule != Rule.FIRST_USE && rule != Rule.ACCEPTED) {
            throw new IllegalStateException("only a trust on first use remembers certificates");
        }
        return new TlsTrust(Rule.ACCEPTED, file, null, CertificateFingerprint.parse(fingerprint), onRemembered);
    }

    /**
     * @return {@code turnstile/known_servers} in the user's configuration folder:
     *     {@code $XDG_CONFIG_HOME} when it is set to an absolute path, else {@code ~/.config}
     */
    public static Path knownServersFile() {
        return knownServersFile(System.getenv());
    }

    /**
     * @param environment the environment to read {@code XDG_CONFIG_HOME} and {@code HOME} from
     * @return {@link #knownServersFile()} as that environment places it
     */
    public static Path knownServersFile(Map<String, String> environment) {
        return KnownServersFile.defaultPath(environment, System.getProperty("user.home"));
    }

    /** @return whether the server's certificate must name the host connected to, when an authority signs it */
    boolean checksHostname() {
        return rule == Rule.AUTHORITIES || rule == Rule.FIRST_USE;
    }

    /**
     * @param server the server, as {@link KnownServersFile#serverName} names it
     * @return the check of that server's certificate for one connection
     */
    CertificateCheck check(String server) throws IOException {
        try {
            X509ExtendedTrustManager authorities = null;
            List<String> pinned = List.of();
            switch (rule) {
                case AUTHORITIES, FIRST_USE -> authorities = rule == Rule.AUTHORITIES && file != null
                        ? trustManager(store()) : SystemAuthorities.TRUST;
                case PINNED -> {
                    KeyStore certificates = certificates();
                    authorities = trustManager(certificates);
                    pinned = fingerprints(certificates);
                }
                case ACCEPTED -> {
                    // Only the fingerprint counts.
                }
            }
            KnownServersFile known = rule == Rule.FIRST_USE || rule == Rule.ACCEPTED ? new KnownServersFile(file) : null;
            return new CertificateCheck(rule, authorities, pinned, server, known, accepted, onRemembered);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** @return a TLS context whose handshakes are judged by {@code check} */
    static SSLContext context(CertificateCheck check) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {check}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private KeyStore store() throws IOException, GeneralSecurityException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("the trust store " + file + " is not a readable file");
        }
        // This form recognises PKCS12 and JKS by their content, whatever the file is called.
        return KeyStore.getInstance(file.toFile(), password);
    }

    private KeyStore certificates() throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> found;
        try (InputStream in = Files.newInputStream(file)) {
            found = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (found.isEmpty()) {
            throw new IOException(describe() + " holds no certificate");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int index = 0;
        for (Certificate certificate : found) {
            store.setCertificateEntry("trusted-" + index++, certificate);
        }
        return store;
    }

    private static List<String> fingerprints(KeyStore store) throws GeneralSecurityException {
        List<String> fingerprints = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                fingerprints.add(CertificateFingerprint.of(certificate));
            }
        }
        Collections.sort(fingerprints);
        return fingerprints;
    }

    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("the runtime offers no X.509 trust manager");
    }

    /** The runtime's default authorities, read once: reading them costs tens of milliseconds. */
    private static final class SystemAuthorities {
        static final X509ExtendedTrustManager TRUST = load();

        private static X509ExtendedTrustManager load() {
            try {
                return trustManager(null);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the Java runtime's trust store cannot be read: " + e.getMessage(), e);
            }
        }
    }

    private String describe() {
        return switch (rule) {
            case AUTHORITIES -> file == null ? "the default trust store" : "the trust store " + file;
            case PINNED -> "the trust file " + file;
            case FIRST_USE, ACCEPTED -> "the known servers in " + file;
        };
    }

    @Override
    public String toString() {
        return switch (rule) {
            case AUTHORITIES -> file == null ? "TlsTrust[system default]" : "TlsTrust[trust store " + file + "]";
            case PINNED -> "TlsTrust[certificate " + file + "]";
            case FIRST_USE -> "TlsTrust[first use, known servers " + file + "]";
            case ACCEPTED -> "TlsTrust[accepting " + accepted + ", known servers " + file + "]";
        };
    }
}
