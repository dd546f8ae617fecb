package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.startup.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key pair of {@code tls=auto}, made by the runtime's real keytool into a real data folder. */
class SelfSignedKeystoreTest {

    @TempDir
    Path dataDir;

    private final SelfSignedKeystore keystores = new SelfSignedKeystore(Path.of(System.getProperty("java.home")));

    @Test
    void theKeyPairIsMadeOwnerOnlyOnTheFirstStartAndReusedUnchangedAfterwards() throws Exception {
        assertTrue(keystores.makeIfMissing(dataDir, List.of("dns:localhost", "ip:127.0.0.1")));
        Path file = SelfSignedKeystore.file(dataDir);
        byte[] made = Files.readAllBytes(file);

        assertFalse(keystores.makeIfMissing(dataDir, List.of("dns:other.example.org")));

        assertArrayEquals(made, Files.readAllBytes(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left beside it");
        }
    }

    @Test
    void theCertificateIsSelfSignedAndNamesTheHostsItWasMadeFor() throws Exception {
        keystores.makeIfMissing(dataDir, List.of("dns:files.example.org", "ip:192.0.2.7"));

        X509Certificate certificate = TlsContexts.open(SelfSignedKeystore.file(dataDir), SelfSignedKeystore.PASSWORD)
                .certificate();

        assertEquals("CN=files.example.org", certificate.getSubjectX500Principal().getName());
        assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
        certificate.verify(certificate.getPublicKey());
        List<String> names = certificate.getSubjectAlternativeNames().stream().map(name -> (String) name.get(1)).toList();
        assertEquals(List.of("files.example.org", "192.0.2.7"), names);
    }

    @Test
    void aFolderOthersCouldReadIsMadeOwnerOnlyBeforeTheKeyGoesInIt() throws Exception {
        Path folder = Files.createDirectory(dataDir.resolve("tls"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        keystores.makeIfMissing(dataDir, List.of("ip:127.0.0.1"));

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
    }

    @Test
    void aLinkInPlaceOfTheFolderIsRefusedAndWhatItPointsToIsLeftAlone(@TempDir Path elsewhere) throws Exception {
        Files.createSymbolicLink(dataDir.resolve("tls"), elsewhere);

        StartupException e = assertThrows(StartupException.class,
                () -> keystores.makeIfMissing(dataDir, List.of("ip:127.0.0.1")));

        assertEquals(dataDir.resolve("tls") + " is not a folder; remove it, and the server makes its TLS key pair"
                + " there at its next start", e.getMessage());
        try (Stream<Path> files = Files.list(elsewhere)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aRuntimeWithoutKeytoolIsOneLineNamingItAndTheWayOut(@TempDir Path runtime) {
        SelfSignedKeystore withoutKeytool = new SelfSignedKeystore(runtime);

        StartupException e = assertThrows(StartupException.class,
                () -> withoutKeytool.makeIfMissing(dataDir, List.of("ip:127.0.0.1")));

        assertEquals("cannot make the key pair of --tls auto: this Java runtime has no " + runtime.resolve("bin/keytool")
                + "; run the server on a runtime that has it, or make a keystore yourself and give it with"
                + " --tls-keystore (docs/security.md)", e.getMessage());
        assertFalse(Files.exists(SelfSignedKeystore.file(dataDir)));
    }
}
