package dev.turnstile.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.testing.TestClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkout's {@code ./run.sh}, in a copy of the checkout that holds only what it reads: the
 * parent pom's version, the zip the build made, and a {@code dist.sh} that fails, so that no test
 * rebuilds anything. What a user puts in {@code run/} must outlive a rebuild and be what the server
 * uses.
 */
class RunScriptIT {

    private static final Map<String, String> QUICK = Map.of("TURNSTILE_CDS", "off");

    @TempDir
    Path tmp;

    private Path checkout;
    private Path zip;

    @BeforeEach
    void copyTheCheckout() throws IOException {
        checkout = Files.createDirectories(tmp.resolve("checkout"));
        Path script = checkout.resolve("run.sh");
        Files.copy(Path.of(System.getProperty("turnstile.runScript")), script);
        Path dist = checkout.resolve("dist.sh");
        Files.writeString(dist, "#!/bin/sh\necho 'dist.sh: this copy of the checkout must not rebuild' >&2\nexit 1\n");
        for (Path executable : new Path[] {script, dist}) {
            Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path pom = checkout.resolve("pom.xml");
        Files.writeString(pom, "<project>\n  <version>" + Installation.version() + "</version>\n</project>\n");
        zip = Files.createDirectories(checkout.resolve("distribution/target"))
                .resolve("turnstile-" + Installation.version() + ".zip");
        Files.copy(Installation.zip(), zip);
        Instant now = Instant.now();
        Files.setLastModifiedTime(pom, FileTime.from(now.minus(1, ChronoUnit.HOURS)));
        Files.setLastModifiedTime(zip, FileTime.from(now));
    }

    @Test
    void whatTheUserPutInRunIsServedAndOutlivesARebuild() throws Exception {
        Path run = checkout.resolve("run");
        Files.writeString(Files.createDirectories(run.resolve("share")).resolve("hello.txt"), "hello");
        emptyJar(Files.createDirectories(run.resolve("plugins")).resolve("extra.jar"));

        try (TurnstileProcess server = TurnstileProcess.run(checkout.resolve("run.sh"), tmp, QUICK, "--port", "0")) {
            InetSocketAddress address = server.awaitListening();
            try (TestClient client = TestClient.connect(address)) {
                String token = client.login("run-sh");
                assertEquals(token, Files.readString(run.resolve("data/connection/TOKEN")), "data/ is run/data");
                Map<String, Object> hashes = client.call("{\"url\":\"/get_hashes\",\"token\":\"" + token + "\"}");
                assertTrue(hashes.get("hashes").toString().contains("/hello.txt"), "share/ is run/share: " + hashes);
            }
            server.terminate();
            assertEquals(0, server.awaitExit(), server.stderr());
            assertTrue(server.stdout().contains("extra.jar lists no plugin"), "run/plugins/ is loaded: " + server.stdout());
        }
        assertTrue(Files.readString(run.resolve("logs/turnstile.log")).contains("listening on 127.0.0.1:"), "logs/ is run/logs");

        Path installation = checkout.resolve("distribution/target/run/turnstile-" + Installation.version());
        Files.writeString(installation.resolve("left-by-the-old-build"), "");
        Files.setLastModifiedTime(zip, FileTime.from(Instant.now().plus(1, ChronoUnit.MINUTES)));
        try (TurnstileProcess version = TurnstileProcess.run(checkout.resolve("run.sh"), tmp, QUICK, "--version")) {
            assertEquals(0, version.awaitExit(), version.stderr());
        }

        assertFalse(Files.exists(installation.resolve("left-by-the-old-build")), "the newer zip was unpacked afresh");
        assertEquals("hello", Files.readString(run.resolve("share/hello.txt")));
        assertTrue(Files.exists(run.resolve("plugins/extra.jar")));
        assertTrue(Files.exists(run.resolve("data/turnstile.lock")));
        assertTrue(Files.readString(run.resolve("logs/turnstile.log")).contains("listening on 127.0.0.1:"));
    }

    @Test
    void aPropertiesFileInRunIsPassedAndTheFoldersItNamesWinOverRunsOwn() throws Exception {
        Path data = tmp.resolve("elsewhere");
        Path run = Files.createDirectories(checkout.resolve("run"));
        Files.writeString(run.resolve("turnstile.properties"), "data-dir=" + data + "\n");

        try (TurnstileProcess server = TurnstileProcess.run(checkout.resolve("run.sh"), tmp, QUICK, "--port", "0")) {
            try (TestClient client = TestClient.connect(server.awaitListening())) {
                String token = client.login("run-sh");

                assertEquals(token, Files.readString(data.resolve("connection/TOKEN")));
                assertFalse(Files.exists(run.resolve("data/connection/TOKEN")));
            }
        }
    }

    private static void emptyJar(Path file) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }
}
