package dev.turnstile.server;

import dev.turnstile.startup.SettingsException;
import dev.turnstile.startup.StartupException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the server's TLS key comes from: nowhere (plain TCP), the keystore {@code tls-keystore}
 * names, or, with {@code tls=auto}, the key pair and self-signed certificate the server makes in its
 * data folder on the first start ({@code SelfSignedKeystore}). A start logs the certificate's
 * SHA-256 fingerprint in the form {@code turnstile-cli} shows when it trusts a server on first use.
 */
public final class ServerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    private static final String CONFLICT = "--tls auto makes the server's own key pair in the data folder, and"
            + " --tls-keystore names a keystore; give one of the two";

    private ServerTls() {
    }

    /**
     * Opens the TLS context of a start, making the key pair of {@code tls=auto} if the data folder
     * has none yet, and logs the certificate's fingerprint.
     *
     * @param config the configuration
     * @return the context, or {@code null} for plain TCP
     * @throws StartupException naming the keystore (or what keeps the server from making one) and
     *     the fix; a {@link SettingsException} when the settings contradict each other
     */
    static SSLContext open(ServerConfig config) throws StartupException {
        if (!config.tlsEnabled()) {
            return null;
        }
        requireConsistent(config);
        Path keystore = config.tlsKeystore();
        TlsContexts.ServerKeys keys;
        if (keystore != null) {
            keys = TlsContexts.open(keystore, config.tlsPassword());
        } else {
            Path dataDir = DataFolder.create(config.dataDir());
            if (config.tlsPassword() != null) {
                LOG.warn("tls-password is not used with --tls auto: its key pair is kept in {}, which only the"
                        + " server's user can read", SelfSignedKeystore.file(dataDir));
            }
            new SelfSignedKeystore(javaHome()).makeIfMissing(dataDir, CertificateNames.of(config.host()));
            keystore = SelfSignedKeystore.file(dataDir);
            keys = openOwn(keystore);
        }
        LOG.info("TLS certificate {} ({})", CertificateFingerprint.of(keys.certificate()), keystore);
        return keys.context();
    }

    /**
     * What {@code --check} does instead of {@link #open}: opens the keystore as a start would; with
     * {@code tls=auto}, opens the key pair if the data folder has one, else makes sure that it can be
     * made (the runtime has {@code keytool}), without making it.
     *
     * @param config the configuration
     * @throws StartupException as {@link #open} would
     */
    public static void check(ServerConfig config) throws StartupException {
        if (!config.tlsEnabled()) {
            return;
        }
        requireConsistent(config);
        if (config.tlsKeystore() != null) {
            TlsContexts.open(config.tlsKeystore(), config.tlsPassword());
            return;
        }
        Path own = SelfSignedKeystore.file(config.dataDir());
        if (Files.exists(own, LinkOption.NOFOLLOW_LINKS)) {
            openOwn(own);
        } else {
            new SelfSignedKeystore(javaHome()).requireKeytool();
        }
    }

    /**
     * The certificate a running server of this configuration presents, read from its keystore or
     * its data folder: what a probe on the same machine trusts.
     *
     * @param config the configuration
     * @return the certificate, or {@code null} for plain TCP
     * @throws StartupException when the keystore cannot be read, or {@code tls=auto} has made none yet
     */
    public static X509Certificate certificate(ServerConfig config) throws StartupException {
        if (!config.tlsEnabled()) {
            return null;
        }
        requireConsistent(config);
        if (config.tlsKeystore() != null) {
            return TlsContexts.open(config.tlsKeystore(), config.tlsPassword()).certificate();
        }
        Path own = SelfSignedKeystore.file(config.dataDir());
        if (!Files.exists(own, LinkOption.NOFOLLOW_LINKS)) {
            throw new StartupException("no certificate in " + own + ": a server with --tls auto and this --data-dir"
                    + " has not started yet");
        }
        return openOwn(own).certificate();
    }

    private static void requireConsistent(ServerConfig config) throws SettingsException {
        if (config.tlsAuto() && config.tlsKeystore() != null) {
            throw new SettingsException(CONFLICT);
        }
    }

    /** Opens the keystore of {@code tls=auto}; its failures name the one fix there is: a new one. */
    private static TlsContexts.ServerKeys openOwn(Path keystore) throws StartupException {
        try {
            return TlsContexts.open(keystore, SelfSignedKeystore.PASSWORD);
        } catch (StartupException e) {
            if (e.getCause() instanceof AccessDeniedException) {
                throw new StartupException("cannot use the key pair of --tls auto in " + keystore
                        + ": permission denied; let the server's user read it", e);
            }
            throw new StartupException("cannot use the key pair of --tls auto in " + keystore + ": it is not the"
                    + " keystore the server made; remove the file, and the server makes a new one (with a new"
                    + " fingerprint) at its next start", e);
        }
    }

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }
}
