package dev.turnstile.client;

import dev.turnstile.server.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link AttachmentClientIT} over TLS: the same bytes through the client's TLS engine. */
class TlsAttachmentClientIT extends AttachmentClientIT {

    @TempDir
    static Path keys;

    private static ServerKeys server;

    @BeforeAll
    static void makeCertificate() throws Exception {
        server = ServerKeys.make(keys, "server");
    }

    @Override
    ServerConfig transport(ServerConfig config) {
        return config.withTls(server.keystore(), ServerKeys.PASSWORD);
    }

    @Override
    ClientOptions options(ClientOptions options) {
        return options.withTls(TlsTrust.certificate(server.pem()));
    }
}
