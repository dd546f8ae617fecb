package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS against a real Turnstile server with TLS on, whose self-signed certificate names only the
 * address {@code 127.0.0.1}, generated with the JDK's {@code keytool}; {@code other} is a second
 * certificate that the server does not have.
 */
class TlsIT {

    private static final String PASSWORD = ServerKeys.PASSWORD;

    @TempDir
    static Path keys;

    private static ServerKeys server;
    private static ServerKeys other;

    @TempDir
    Path dataDir;

    private RunningServer running;

    @BeforeAll
    static void makeCertificates() throws Exception {
        server = ServerKeys.make(keys, "server");
        other = ServerKeys.make(keys, "other");
    }

    @BeforeEach
    void start() throws Exception {
        running = RunningServer.startTls(dataDir, server.keystore(), PASSWORD);
    }

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void trustingThePemCertificateLogsInAndCallsOverTls() throws Exception {
        assertEchoWorks(options("127.0.0.1", TlsTrust.certificate(server.pem())));
    }

    @Test
    void trustingTheDerCertificateWorksToo() throws Exception {
        assertEchoWorks(options("127.0.0.1", TlsTrust.certificate(server.der())));
    }

    @Test
    void aTrustStoreWorksWhenTheCertificateNamesTheHost() throws Exception {
        assertEchoWorks(options("127.0.0.1",
                TlsTrust.trustStore(server.trustStore(), PASSWORD.toCharArray())));
    }

    @Test
    void aTrustStoreRefusesACertificateThatDoesNotNameTheHostAndSaysSo() throws Exception {
        TlsTrust store = TlsTrust.trustStore(server.trustStore(), PASSWORD.toCharArray());

        UntrustedCertificateException refused = assertThrows(UntrustedCertificateException.class,
                () -> TurnstileClient.connect(options("localhost", store)));

        assertEquals(UntrustedCertificateException.Reason.WRONG_HOST, refused.reason());
        assertEquals(server.fingerprint(), refused.fingerprint());
        assertEquals("localhost:" + running.port(), refused.server());
    }

    @Test
    void aTrustStoreWithoutTheServersAuthorityRefusesItWithItsFingerprint() throws Exception {
        TlsTrust store = TlsTrust.trustStore(other.trustStore(), PASSWORD.toCharArray());

        UntrustedCertificateException refused = assertThrows(UntrustedCertificateException.class,
                () -> TurnstileClient.connect(options("127.0.0.1", store)));

        assertEquals(UntrustedCertificateException.Reason.NO_AUTHORITY, refused.reason());
        assertEquals(server.fingerprint(), refused.fingerprint());
    }

    @Test
    void aPinnedCertificateRefusesAnotherOneNamingBoth() throws Exception {
        UntrustedCertificateException refused = assertThrows(UntrustedCertificateException.class,
                () -> TurnstileClient.connect(options("127.0.0.1", TlsTrust.certificate(other.pem()))));

        assertEquals(UntrustedCertificateException.Reason.NOT_PINNED, refused.reason());
        assertEquals(server.fingerprint(), refused.fingerprint());
        assertEquals(other.fingerprint(), refused.expected());
    }

    @Test
    void aPinnedCertificateIsTrustedWhateverHostNameIsUsed() throws Exception {
        assertEchoWorks(options("localhost", TlsTrust.certificate(server.pem())));
    }

    @Test
    void theSystemTrustStoreRefusesASelfSignedServerWithItsFingerprint() throws Exception {
        UntrustedCertificateException refused = assertThrows(UntrustedCertificateException.class,
                () -> TurnstileClient.connect(options("127.0.0.1", TlsTrust.systemDefault())));

        assertEquals(UntrustedCertificateException.Reason.NO_AUTHORITY, refused.reason());
        assertEquals(server.fingerprint(), refused.fingerprint());
        assertTrue(refused instanceof SSLHandshakeException, "still the handshake exception callers catch");
    }

    @Test
    void aMissingTrustFileIsAnIOExceptionNamingIt() {
        Path missing = keys.resolve("missing.p12");

        IOException failed = assertThrows(IOException.class, () -> TurnstileClient.connect(
                options("127.0.0.1", TlsTrust.trustStore(missing, null))));

        assertTrue(failed.getMessage().contains(missing.toString()), failed.getMessage());
    }

    private ClientOptions options(String host, TlsTrust trust) {
        return ClientOptions.defaults().withHost(host).withPort(running.port()).withHostname("tls-box").withTls(trust);
    }

    private static void assertEchoWorks(ClientOptions options) throws Exception {
        try (TurnstileClient client = TurnstileClient.connect(options)) {
            client.login();
            assertEquals(List.of("over", "tls"), client.call("/echo", Map.of("data", List.of("over", "tls"))).get("data"));
        }
    }

}
