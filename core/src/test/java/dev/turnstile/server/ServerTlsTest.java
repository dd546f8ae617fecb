package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.startup.SettingsException;
import dev.turnstile.startup.StartupException;
import dev.turnstile.testing.TestKeystore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the server's TLS key comes from, for a start, for {@code --check} and for the health probe. */
class ServerTlsTest {

    @TempDir
    Path dataDir;

    private ServerConfig auto() {
        return ServerConfig.defaults().withDataDir(dataDir).withTlsAuto();
    }

    @Test
    void plainTcpHasNoContextAndNoCertificate() throws Exception {
        ServerConfig plain = ServerConfig.defaults().withDataDir(dataDir);

        assertNull(ServerTls.open(plain));
        assertNull(ServerTls.certificate(plain));
        assertFalse(Files.exists(dataDir.resolve("tls")));
    }

    @Test
    void tlsAutoMakesItsKeyPairAtTheFirstStartAndPresentsTheSameCertificateAtTheNext() throws Exception {
        assertNotNull(ServerTls.open(auto()));
        X509Certificate first = ServerTls.certificate(auto());

        assertNotNull(ServerTls.open(auto()));

        assertEquals(first, ServerTls.certificate(auto()));
        assertTrue(Files.isRegularFile(dataDir.resolve("tls/server.p12")));
    }

    @Test
    void tlsAutoTogetherWithAKeystoreIsRefusedAsSettingsThatContradictEachOther() {
        ServerConfig both = auto().withTls(TestKeystore.file(), TestKeystore.PASSWORD);

        for (var call : new ThrowingCall[] {() -> ServerTls.open(both), () -> ServerTls.check(both),
                () -> ServerTls.certificate(both)}) {
            SettingsException e = assertThrows(SettingsException.class, call::run);
            assertEquals("--tls auto makes the server's own key pair in the data folder, and --tls-keystore names a"
                    + " keystore; give one of the two", e.getMessage());
        }
        assertFalse(Files.exists(dataDir.resolve("tls")), "nothing was made");
    }

    @Test
    void checkWithTlsAutoMakesNoKeyPairAndTheProbeSaysTheServerHasNotStartedYet() throws Exception {
        ServerTls.check(auto());

        assertFalse(Files.exists(dataDir.resolve("tls")));
        StartupException e = assertThrows(StartupException.class, () -> ServerTls.certificate(auto()));
        assertEquals("no certificate in " + dataDir.resolve("tls/server.p12") + ": a server with --tls auto and"
                + " this --data-dir has not started yet", e.getMessage());
    }

    @Test
    void aFileInPlaceOfTheKeyPairThatIsNotOneIsOneLineSayingToRemoveIt() throws Exception {
        Path file = Files.createDirectories(dataDir.resolve("tls")).resolve("server.p12");
        Files.writeString(file, "not a keystore");

        for (var call : new ThrowingCall[] {() -> ServerTls.open(auto()), () -> ServerTls.check(auto())}) {
            StartupException e = assertThrows(StartupException.class, call::run);
            assertEquals("cannot use the key pair of --tls auto in " + file + ": it is not the keystore the server"
                    + " made; remove the file, and the server makes a new one (with a new fingerprint) at its next"
                    + " start", e.getMessage());
        }
        assertEquals("not a keystore", Files.readString(file), "what is there is left alone");
    }

    @Test
    void aKeystoreGivenPresentsItsOwnCertificate() throws Exception {
        ServerConfig given = ServerConfig.defaults().withDataDir(dataDir)
                .withTls(TestKeystore.file(), TestKeystore.PASSWORD);

        ServerTls.check(given);

        assertEquals("CN=localhost", ServerTls.certificate(given).getSubjectX500Principal().getName());
        assertFalse(Files.exists(dataDir.resolve("tls")));
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
