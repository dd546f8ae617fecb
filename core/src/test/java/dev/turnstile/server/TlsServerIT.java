package dev.turnstile.server;

import dev.turnstile.startup.StartupException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestHandlers;
import dev.turnstile.testing.TestKeystore;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link ServerIT} again over TLS, plus what only TLS has: the protocol versions,
 * a plain-TCP client on the TLS port, renegotiation, and the keystore's start-up errors.
 */
class TlsServerIT extends ServerIT {

    @Override
    ServerConfig transport(ServerConfig config) {
        return config.withTls(TestKeystore.file(), TestKeystore.PASSWORD);
    }

    @Override
    TestClient connect(TurnstileServer server) throws IOException {
        return TestClient.connectTls(server.address());
    }

    @Override
    boolean writeWaitsForAccept() {
        return true;
    }

    private TurnstileServer startTls() throws Exception {
        return TurnstileServer.start(transport(ServerConfig.defaults()).withPort(0).withDataDir(dataDir),
                LoadedPlugin.handlers(new TestHandlers.Login(), new TestHandlers.Ping()));
    }

    @Test
    void theServerSpeaksTls13ByDefaultAndTls12WhenTheClientOffersOnlyThat() throws Exception {
        try (TurnstileServer server = startTls()) {
            try (TestClient client = connect(server)) {
                client.login("box");
                assertEquals("TLSv1.3", ((SSLSocket) client.socket()).getSession().getProtocol());
            }
            try (TestClient client = TestClient.connectTls(server.address(), TestKeystore.clientContext("TLSv1.2"))) {
                ((SSLSocket) client.socket()).setEnabledProtocols(new String[] {"TLSv1.2"});
                String token = client.login("box");
                assertEquals("TLSv1.2", ((SSLSocket) client.socket()).getSession().getProtocol());
                assertEquals(200L, client.call("{\"url\":\"/ping\",\"token\":\"" + token + "\"}").get("code"));
            }
        }
    }

    @Test
    void aPlainTcpClientOnTheTlsPortIsClosedAndTheNextClientIsServed() throws Exception {
        try (TurnstileServer server = startTls()) {
            try (Socket plain = new Socket()) {
                plain.setSoTimeout(TestClient.TIMEOUT_MILLIS);
                plain.connect(server.address());
                plain.getOutputStream().write("{\"url\":\"/login\",\"hostname\":\"plain\"}\n".getBytes(StandardCharsets.UTF_8));
                InputStream in = plain.getInputStream();
                byte[] answer = in.readAllBytes(); // at most a TLS alert, then the end of the stream
                assertTrue(answer.length < 16 && (answer.length == 0 || answer[0] == 0x15),
                        "expected nothing or a TLS alert, got " + answer.length + " bytes");
            }
            try (TestClient next = connect(server)) {
                String token = next.login("next");
                assertEquals(200L, next.call("{\"url\":\"/ping\",\"token\":\"" + token + "\"}").get("code"));
            }
        }
    }

    @Test
    void aTls12RenegotiationIsRefused() throws Exception {
        try (TurnstileServer server = startTls();
                TestClient client = TestClient.connectTls(server.address(), TestKeystore.clientContext("TLSv1.2"))) {
            SSLSocket socket = (SSLSocket) client.socket();
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            String token = client.login("box");
            assertThrows(IOException.class, () -> {
                socket.startHandshake();
                Map<String, Object> answer = client.call("{\"url\":\"/ping\",\"token\":\"" + token + "\"}");
                throw new AssertionError("served after a renegotiation: " + answer);
            });
        }
    }

    @Test
    void aMissingKeystoreOrAWrongPasswordIsAStartupErrorNamingTheFile() throws Exception {
        Path missing = dataDir.resolve("nope.p12");
        StartupException e = assertThrows(StartupException.class, () -> TurnstileServer.start(
                ServerConfig.defaults().withPort(0).withDataDir(dataDir).withTls(missing, "x"), LoadedPlugin.handlers(new TestHandlers.Login())));
        assertEquals("cannot use TLS keystore " + missing + ": no such file; create it with keytool (see docs/security.md)"
                + " or fix --tls-keystore", e.getMessage());

        e = assertThrows(StartupException.class, () -> TurnstileServer.start(ServerConfig.defaults().withPort(0)
                .withDataDir(dataDir).withTls(TestKeystore.file(), "wrong"), LoadedPlugin.handlers(new TestHandlers.Login())));
        assertEquals("cannot use TLS keystore " + TestKeystore.file() + ": wrong password or not a PKCS12 keystore;"
                + " check --tls-password", e.getMessage());

        Path notAKeystore = Files.writeString(dataDir.resolve("text.p12"), "hello");
        e = assertThrows(StartupException.class, () -> TurnstileServer.start(ServerConfig.defaults().withPort(0)
                .withDataDir(dataDir).withTls(notAKeystore, "x"), LoadedPlugin.handlers(new TestHandlers.Login())));
        assertTrue(e.getMessage().startsWith("cannot use TLS keystore " + notAKeystore + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
