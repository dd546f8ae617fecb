package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.turnstile.server.ServerTls;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A server started with {@code tls=auto} and the client's trust on first use, both real: the key
 * pair the server made is what the handshake proves, the fingerprint the client remembers is the one
 * the server logged, and a restart on the same data folder keeps the client's pin valid.
 */
class TlsAutoIT {

    @TempDir
    Path dataDir;

    @TempDir
    Path config;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger tlsLogger = (Logger) LoggerFactory.getLogger(ServerTls.class);
    private final List<RememberedCertificate> remembered = new ArrayList<>();

    @BeforeEach
    void listen() {
        log.start();
        tlsLogger.addAppender(log);
    }

    @AfterEach
    void stopListening() {
        tlsLogger.detachAppender(log);
    }

    private TlsTrust trust() {
        return TlsTrust.trustOnFirstUse(config.resolve("known_servers"), remembered::add);
    }

    private static void echo(RunningServer server, TlsTrust trust) throws Exception {
        try (TurnstileClient client = TurnstileClient.connect(server.options().withTls(trust))) {
            client.login();
            assertEquals("over tls", client.call("/echo", Map.of("data", "over tls")).get("data"));
        }
    }

    @Test
    void theClientPinsTheCertificateTheServerMadeAndLoggedAndARestartKeepsIt() throws Exception {
        int port;
        try (RunningServer server = RunningServer.start(dataDir, c -> c.withTlsAuto())) {
            port = server.port();
            echo(server, trust());
        }
        String fingerprint = CertificateFingerprint.of(madeCertificate());
        assertEquals(1, remembered.size());
        assertEquals(fingerprint, remembered.get(0).fingerprint());
        assertEquals("TLS certificate " + fingerprint + " (" + dataDir.resolve("tls/server.p12") + ")",
                log.list.get(0).getFormattedMessage());
        byte[] keystore = Files.readAllBytes(dataDir.resolve("tls/server.p12"));

        try (RunningServer again = RunningServer.start(dataDir, c -> c.withTlsAuto().withPort(port))) {
            echo(again, trust());
        }

        assertEquals(1, remembered.size(), "the second connection found the pinned certificate unchanged");
        assertTrue(java.util.Arrays.equals(keystore, Files.readAllBytes(dataDir.resolve("tls/server.p12"))));
        assertEquals(log.list.get(0).getFormattedMessage(), log.list.get(1).getFormattedMessage());
    }

    /** @return the certificate in the keystore the server made, read as any keystore is */
    private X509Certificate madeCertificate() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dataDir.resolve("tls/server.p12"))) {
            store.load(in, "turnstile".toCharArray());
        }
        return (X509Certificate) store.getCertificate("turnstile");
    }
}
