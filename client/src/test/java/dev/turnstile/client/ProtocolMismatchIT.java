package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plain client on a TLS port, and a TLS client on a plain port, against real servers. */
class ProtocolMismatchIT {

    @TempDir
    Path keys;

    @TempDir
    Path dataDir;

    @Test
    void aPlainClientOnATlsPortLearnsThatTheServerSpeaksTls() throws Exception {
        ServerKeys server = ServerKeys.make(keys, "server");
        try (RunningServer tls = RunningServer.startTls(dataDir, server.keystore(), ServerKeys.PASSWORD);
                TurnstileClient client = TurnstileClient.connect(tls.options())) {

            ProtocolMismatchException mismatch = assertThrows(ProtocolMismatchException.class, client::login);

            assertTrue(mismatch.serverSpeaksTls());
            assertEquals("127.0.0.1:" + tls.port(), mismatch.server());
        }
    }

    @Test
    void aTlsClientOnAPlainPortLearnsAtOnceThatTheServerDoesNot(@TempDir Path config) throws Exception {
        try (RunningServer plain = RunningServer.start(dataDir)) {
            // The default wait of 10 s: the plain server answers the ClientHello at once, in plain text.
            ClientOptions options = plain.options()
                    .withTls(TlsTrust.trustOnFirstUse(config.resolve("known_servers"), null));

            ProtocolMismatchException mismatch = assertThrows(ProtocolMismatchException.class,
                    () -> TurnstileClient.connect(options));

            assertFalse(mismatch.serverSpeaksTls());
            assertEquals("127.0.0.1:" + plain.port() + " answered the TLS handshake in plain text: it does not speak TLS",
                    mismatch.getMessage());
        }
    }
}
