package dev.turnstile.files;

import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestKeystore;
import java.io.IOException;

/** Every test of {@link RawChunkIT} again over TLS: file regions go through the TLS engine. */
class RawChunkTlsIT extends RawChunkIT {

    @Override
    ServerConfig transport(ServerConfig config) {
        return config.withTls(TestKeystore.file(), TestKeystore.PASSWORD);
    }

    @Override
    TestClient connect(TurnstileServer running) throws IOException {
        return TestClient.connectTls(running.address());
    }
}
