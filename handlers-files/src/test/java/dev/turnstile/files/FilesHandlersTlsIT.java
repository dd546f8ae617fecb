package dev.turnstile.files;

import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestKeystore;
import java.io.IOException;

/** Every test of {@link FilesHandlersIT} again over TLS, as a folder shared beyond localhost should be. */
class FilesHandlersTlsIT extends FilesHandlersIT {

    @Override
    ServerConfig transport(ServerConfig config) {
        return config.withTls(TestKeystore.file(), TestKeystore.PASSWORD);
    }

    @Override
    TestClient connect(TurnstileServer server) throws IOException {
        return TestClient.connectTls(server.address());
    }
}
