package dev.turnstile.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

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
 * </ul>
 *
 * <p>Immutable; files are read when a connection is made.
 */
public final class TlsTrust {

    private final Path file;
    private final char[] password;
    private final boolean pinned;

    private TlsTrust(Path file, char[] password, boolean pinned) {
        this.file = file;
        this.password = password == null ? null : password.clone();
        this.pinned = pinned;
    }

    /** @return trust in the Java runtime's default authorities */
    public static TlsTrust systemDefault() {
        return new TlsTrust(null, null, false);
    }

    /**
     * @param file a PKCS12 or JKS key store whose certificates are the trusted authorities
     * @param password its password, or {@code null} to read its certificates without checking
     *     its integrity
     * @return trust in the authorities of that store
     */
    public static TlsTrust trustStore(Path file, char[] password) {
        return new TlsTrust(file, password, false);
    }

    /**
     * @param file one or more X.509 certificates, PEM ({@code -----BEGIN CERTIFICATE-----}) or
     *     DER
     * @return trust in exactly those certificates, whatever host name they carry
     */
    public static TlsTrust certificate(Path file) {
        return new TlsTrust(file, null, true);
    }

    /** @return whether the server's certificate must name the host connected to */
    boolean checksHostname() {
        return !pinned;
    }

    SSLSocketFactory socketFactory() throws IOException {
        try {
            if (file == null) {
                return SSLContext.getDefault().getSocketFactory();
            }
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(pinned ? certificates() : store());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use " + describe() + ": " + e.getMessage(), e);
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

    private String describe() {
        return file == null ? "the default trust store" : "the trust file " + file;
    }

    @Override
    public String toString() {
        return file == null ? "TlsTrust[system default]"
                : "TlsTrust[" + (pinned ? "certificate " : "trust store ") + file + "]";
    }
}
