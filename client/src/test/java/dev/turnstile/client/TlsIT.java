package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * address {@code 127.0.0.1}, generated with the JDK's {@code keytool}.
 */
class TlsIT {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path keys;

    @TempDir
    Path dataDir;

    private RunningServer server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=turnstile-test", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-keystore", "server.p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "server", "-rfc", "-file", "server.pem",
                "-keystore", "server.p12", "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "server", "-file", "server.der",
                "-keystore", "server.p12", "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", "server.der",
                "-keystore", "trust.p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
    }

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.startTls(dataDir, keys.resolve("server.p12"), PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void trustingThePemCertificateLogsInAndCallsOverTls() throws Exception {
        assertEchoWorks(options("127.0.0.1", TlsTrust.certificate(keys.resolve("server.pem"))));
    }

    @Test
    void trustingTheDerCertificateWorksToo() throws Exception {
        assertEchoWorks(options("127.0.0.1", TlsTrust.certificate(keys.resolve("server.der"))));
    }

    @Test
    void aTrustStoreWorksWhenTheCertificateNamesTheHost() throws Exception {
        assertEchoWorks(options("127.0.0.1",
                TlsTrust.trustStore(keys.resolve("trust.p12"), PASSWORD.toCharArray())));
    }

    @Test
    void aTrustStoreRefusesACertificateThatDoesNotNameTheHost() {
        TlsTrust store = TlsTrust.trustStore(keys.resolve("trust.p12"), PASSWORD.toCharArray());

        assertThrows(SSLHandshakeException.class, () -> TurnstileClient.connect(options("localhost", store)));
    }

    @Test
    void aPinnedCertificateIsTrustedWhateverHostNameIsUsed() throws Exception {
        assertEchoWorks(options("localhost", TlsTrust.certificate(keys.resolve("server.pem"))));
    }

    @Test
    void theSystemTrustStoreRefusesASelfSignedServerWithAnIOException() {
        assertThrows(SSLHandshakeException.class,
                () -> TurnstileClient.connect(options("127.0.0.1", TlsTrust.systemDefault())));
    }

    @Test
    void aMissingTrustFileIsAnIOExceptionNamingIt() {
        Path missing = keys.resolve("missing.p12");

        IOException failed = assertThrows(IOException.class, () -> TurnstileClient.connect(
                options("127.0.0.1", TlsTrust.trustStore(missing, null))));

        assertTrue(failed.getMessage().contains(missing.toString()), failed.getMessage());
    }

    private ClientOptions options(String host, TlsTrust trust) {
        return ClientOptions.defaults().withHost(host).withPort(server.port()).withHostname("tls-box").withTls(trust);
    }

    private static void assertEchoWorks(ClientOptions options) throws Exception {
        try (TurnstileClient client = TurnstileClient.connect(options)) {
            client.login();
            assertEquals(List.of("over", "tls"), client.call("/echo", Map.of("data", List.of("over", "tls"))).get("data"));
        }
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(keys.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), "keytool " + String.join(" ", arguments) + ": " + output);
    }
}
