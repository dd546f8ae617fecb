package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.client.UntrustedCertificateException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TlsTrust#trustOnFirstUse} against a real TLS server whose self-signed certificate no
 * authority signs: remembered at the first handshake, required afterwards, and a server restarted
 * on the same port with another certificate refused until its new fingerprint is accepted.
 */
class TrustOnFirstUseIT {

    @TempDir
    static Path keys;

    private static ServerKeys first;
    private static ServerKeys second;

    @TempDir
    Path dataDir;

    @TempDir
    Path config;

    private Path knownServers;
    private final List<RememberedCertificate> remembered = new ArrayList<>();
    private RunningServer server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        first = ServerKeys.make(keys, "first");
        second = ServerKeys.make(keys, "second");
    }

    @BeforeEach
    void start() throws Exception {
        knownServers = config.resolve("turnstile/known_servers");
        server = RunningServer.startTls(dataDir, first.keystore(), ServerKeys.PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aSelfSignedServerIsTrustedAtTheFirstConnectionAndRememberedOwnerOnly() throws Exception {
        echo(trust());

        String line = "127.0.0.1:" + server.port() + " " + first.fingerprint();
        assertEquals(List.of(new RememberedCertificate("127.0.0.1:" + server.port(), first.fingerprint(), null,
                knownServers)), remembered);
        assertEquals(line, Files.readAllLines(knownServers).get(1));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(knownServers)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(knownServers.getParent())));

        echo(trust());

        assertEquals(1, remembered.size(), "the second connection finds the certificate it remembered");
    }

    @Test
    void aChangedCertificateIsRefusedWithBothFingerprintsAndTheFileIsLeftAsItWas() throws Exception {
        echo(trust());
        String before = Files.readString(knownServers);
        restartWith(second);

        UntrustedCertificateException refused = assertThrows(UntrustedCertificateException.class,
                () -> TurnstileClient.connect(options(trust())));

        assertEquals(Reason.CHANGED, refused.reason());
        assertEquals(second.fingerprint(), refused.fingerprint());
        assertEquals(first.fingerprint(), refused.expected());
        assertEquals(before, Files.readString(knownServers));
    }

    @Test
    void acceptingTheNewFingerprintReplacesTheRememberedOneAndOnlyThatOne() throws Exception {
        echo(trust());
        Files.writeString(knownServers, "example.org:8888 SHA256:00\n", java.nio.file.StandardOpenOption.APPEND);
        restartWith(second);

        echo(trust().acceptingCertificate(second.fingerprint().toUpperCase().replace("SHA256:", "")));
        echo(trust());

        assertEquals(new RememberedCertificate("127.0.0.1:" + server.port(), second.fingerprint(), first.fingerprint(),
                knownServers), remembered.get(1));
        assertEquals(List.of("127.0.0.1:" + server.port() + " " + second.fingerprint(), "example.org:8888 SHA256:00"),
                Files.readAllLines(knownServers).subList(1, 3));
    }

    @Test
    void acceptingAFingerprintTheServerDoesNotPresentIsRefused() throws Exception {
        UntrustedCertificateException refused = assertThrows(UntrustedCertificateException.class,
                () -> TurnstileClient.connect(options(trust().acceptingCertificate(second.fingerprint()))));

        assertEquals(Reason.NOT_ACCEPTED, refused.reason());
        assertEquals(first.fingerprint(), refused.fingerprint());
        assertEquals(second.fingerprint(), refused.expected());
        assertEquals(false, Files.exists(knownServers));
    }

    @Test
    void theDefaultFileIsInTheXdgConfigFolderElseInDotConfigOfHome() {
        assertEquals(Path.of("/x/turnstile/known_servers"),
                TlsTrust.knownServersFile(Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/home/u")));
        assertEquals(Path.of("/home/u/.config/turnstile/known_servers"),
                TlsTrust.knownServersFile(Map.of("XDG_CONFIG_HOME", "relative", "HOME", "/home/u")));
        assertEquals(Path.of("/home/u/.config/turnstile/known_servers"), TlsTrust.knownServersFile(Map.of("HOME", "/home/u")));
    }

    private TlsTrust trust() {
        return TlsTrust.trustOnFirstUse(knownServers, remembered::add);
    }

    private void restartWith(ServerKeys keys) throws Exception {
        int port = server.port();
        server.close();
        server = RunningServer.startTls(dataDir, keys.keystore(), ServerKeys.PASSWORD, port);
    }

    private ClientOptions options(TlsTrust trust) {
        return server.options().withTls(trust);
    }

    private void echo(TlsTrust trust) throws Exception {
        try (TurnstileClient client = TurnstileClient.connect(options(trust))) {
            client.login();
            assertEquals("first use", client.call("/echo", Map.of("data", "first use")).get("data"));
        }
    }
}
