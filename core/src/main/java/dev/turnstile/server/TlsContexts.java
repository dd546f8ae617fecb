package dev.turnstile.server;

import dev.turnstile.startup.StartupException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Builds the server's TLS context from a PKCS12 keystore, or reports in one line, naming the file,
 * why it cannot; {@link ServerTls} decides which keystore.
 */
final class TlsContexts {

    /** The only protocols offered: TLS 1.3 and 1.2. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /** The server's TLS context and the certificate it presents. */
    record ServerKeys(SSLContext context, X509Certificate certificate) {
    }

    /**
     * @param keystore the PKCS12 file holding the server's private key and certificate chain
     * @param password its password, or {@code null} for none
     * @return a context ready to create server engines, and the certificate of the key it presents
     * @throws StartupException naming the file and what to fix
     */
    static ServerKeys open(Path keystore, String password) throws StartupException {
        // Refuse client-initiated TLS 1.2 renegotiation in the JDK itself too, unless the operator chose otherwise.
        if (System.getProperty("jdk.tls.rejectClientInitiatedRenegotiation") == null) {
            System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        }
        char[] secret = password == null ? new char[0] : password.toCharArray();
        String prefix = "cannot use TLS keystore " + keystore + ": ";
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, secret);
            }
            X509Certificate certificate = null;
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && certificate == null
                        && store.getCertificate(alias) instanceof X509Certificate x509) {
                    certificate = x509;
                }
            }
            if (certificate == null) {
                throw new StartupException(prefix + "it holds no private key; create one with keytool -genkeypair");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new ServerKeys(context, certificate);
        } catch (NoSuchFileException e) {
            throw new StartupException(prefix + "no such file; create it with keytool (see docs/security.md) or fix --tls-keystore", e);
        } catch (AccessDeniedException e) {
            throw new StartupException(prefix + "permission denied; let the server's user read it", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || e.getMessage() != null
                    && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("password")) {
                throw new StartupException(prefix + "wrong password or not a PKCS12 keystore; check --tls-password", e);
            }
            throw new StartupException(prefix + "not a readable PKCS12 keystore (" + e.getMessage() + ")", e);
        } catch (UnrecoverableKeyException e) {
            throw new StartupException(prefix + "wrong password or not a PKCS12 keystore; check --tls-password", e);
        } catch (GeneralSecurityException e) {
            throw new StartupException(prefix + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(secret, '\0');
        }
    }

    /** @return a server-side transport for one accepted channel, its handshake begun */
    static TlsTransport serverTransport(SSLContext context, SocketChannel channel) throws IOException {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(PROTOCOLS);
        return new TlsTransport(channel, engine, channel.getRemoteAddress());
    }
}
