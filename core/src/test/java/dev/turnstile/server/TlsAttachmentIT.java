package dev.turnstile.server;

import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestKeystore;
import java.io.IOException;

/** Every test of {@link AttachmentIT} again over TLS: file regions go through the TLS engine instead of sendfile. */
class TlsAttachmentIT extends AttachmentIT {

    @Override
    ServerConfig transport(ServerConfig config) {
        return config.withTls(TestKeystore.file(), TestKeystore.PASSWORD);
    }

    @Override
    TestClient connect(TurnstileServer server) throws IOException {
        return TestClient.connectTls(server.address());
    }
}
