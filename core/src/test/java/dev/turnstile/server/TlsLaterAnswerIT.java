package dev.turnstile.server;

import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestKeystore;
import java.io.IOException;

/** Every test of {@link LaterAnswerIT} again over TLS. */
class TlsLaterAnswerIT extends LaterAnswerIT {

    @Override
    ServerConfig transport(ServerConfig config) {
        return config.withTls(TestKeystore.file(), TestKeystore.PASSWORD);
    }

    @Override
    TestClient connect(TurnstileServer server) throws IOException {
        return TestClient.connectTls(server.address());
    }
}
