package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestHandlers;
import dev.turnstile.testing.TestKeystore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS client on a plain port is answered at once, not after a newline or the login timeout: the
 * server's clock never moves here, so only the first bytes can have told it.
 */
class TlsOnPlainPortIT {

    private static final String LINE = "{\"code\":400,\"error\":\"this port speaks plain TCP, and this connection"
            + " began a TLS handshake; connect without --tls\"}";

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();

    private TurnstileServer start() throws Exception {
        return TurnstileServer.start(ServerConfig.defaults().withPort(0).withDataDir(dataDir),
                LoadedPlugin.handlers(new TestHandlers.Login(), new TestHandlers.Ping()), clock);
    }

    /** @return the first flight of a real TLS client: a ClientHello record */
    private static byte[] clientHello() throws Exception {
        SSLEngine engine = TestKeystore.clientContext().createSSLEngine("127.0.0.1", 8888);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer record = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), record);
        return Arrays.copyOf(record.array(), record.position());
    }

    @Test
    void aClientHelloIsAnswered400NamingTlsAndTheConnectionClosesThenTheNextClientIsServed() throws Exception {
        try (TurnstileServer server = start()) {
            try (TestClient tls = TestClient.connect(server.address())) {
                byte[] hello = clientHello();
                assertEquals(0x16, hello[0]);

                tls.send(hello);

                assertEquals(LINE, tls.readLine());
                assertTrue(tls.isClosedByServer());
            }
            try (TestClient next = TestClient.connect(server.address())) {
                assertEquals(Map.of("code", 200L, "pong", true),
                        next.call("{\"url\":\"/ping\",\"token\":\"" + next.login("box") + "\"}"));
            }
        }
    }

    @Test
    void aClientHelloSplitAfterItsFirstByteIsRecognisedToo() throws Exception {
        try (TurnstileServer server = start(); TestClient tls = TestClient.connect(server.address())) {
            byte[] hello = clientHello();

            tls.send(Arrays.copyOf(hello, 1));
            tls.send(Arrays.copyOfRange(hello, 1, hello.length));

            assertEquals(LINE, tls.readLine());
        }
    }

    @Test
    void aJavaTlsClientFailsItsHandshakeAtOnceInsteadOfWaiting() throws Exception {
        try (TurnstileServer server = start();
                TestClient tls = TestClient.connectTls(server.address(), TestKeystore.clientContext())) {
            // The plain answer is not a TLS record: the handshake fails on it, within the read timeout.
            SSLException e = assertThrows(SSLException.class, () -> tls.send("{\"url\":\"/ping\"}\n").readLine());

            assertTrue(String.valueOf(e.getMessage()).contains("Unsupported or unrecognized SSL message"), e::toString);
        }
    }

    @Test
    void aPlainClientWhoseFirstByteIsAControlCharacterIsStillFramedAsBefore() throws Exception {
        try (TurnstileServer server = start(); TestClient client = TestClient.connect(server.address())) {
            client.send(new byte[] {0x16, 'x', '\n'});

            assertEquals(400L, client.readResponse().get("code"));
            assertEquals(200L, client.call("{\"url\":\"/login\"}").get("code"), "the connection goes on");
        }
    }
}
