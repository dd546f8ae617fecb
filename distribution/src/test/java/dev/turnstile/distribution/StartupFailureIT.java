package dev.turnstile.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way start-up can fail ends with exit code 1 and one line on standard error that says why;
 * a bad setting value, core's or a plugin's, and settings the server refuses to run with, with exit
 * code 2, and {@code --check} reports them the same way.
 */
class StartupFailureIT {

    @TempDir
    Path tmp;

    private Path install;
    private Path plugins;

    @BeforeEach
    void unpack() throws Exception {
        install = Installation.unpack(tmp.resolve("unpacked"));
        plugins = install.resolve("plugins");
    }

    @Test
    void aGarbageJarInPluginsIsNamed() throws Exception {
        Files.writeString(plugins.resolve("broken.jar"), "this is not a jar");

        String line = failedStartUp("--port", "0");

        assertTrue(line.contains("broken.jar"), line);
    }

    @Test
    void theSampleJarTwiceUnderTwoNamesNamesBothJars() throws Exception {
        String sample = "turnstile-handlers-sample-" + Installation.version() + ".jar";
        Files.copy(plugins.resolve(sample), plugins.resolve("copy-of-sample.jar"));

        String line = failedStartUp("--port", "0");

        assertTrue(line.contains(sample) && line.contains("copy-of-sample.jar"), line);
    }

    @Test
    void aServicesFileNamingAMissingClassNamesTheJarAndTheClass() throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream file = Files.newOutputStream(plugins.resolve("missing.jar"));
                JarOutputStream jar = new JarOutputStream(file, manifest)) {
            jar.putNextEntry(new JarEntry("META-INF/services/dev.turnstile.spi.Handler"));
            jar.write("com.example.NotThere\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }

        String line = failedStartUp("--port", "0");

        assertTrue(line.contains("missing.jar") && line.contains("com.example.NotThere"), line);
    }

    @Test
    void anOccupiedPortIsNamed() throws Exception {
        try (ServerSocket occupant = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String line = failedStartUp("--port", String.valueOf(occupant.getLocalPort()));

            assertTrue(line.contains("127.0.0.1:" + occupant.getLocalPort()) && line.contains("in use"), line);
        }
    }

    @Test
    void aSecondServerOnTheSameDataFolderNamesTheFolderAndTheLockFile() throws Exception {
        try (TurnstileProcess first = TurnstileProcess.start(install, tmp, "--port", "0")) {
            first.awaitListening();

            String line = failedStartUp("--port", "0");

            Path data = install.resolve("data");
            assertEquals("turnstile: data folder " + data + " is in use by another Turnstile server (lock file "
                    + data.resolve("turnstile.lock") + ")", line);
        }
    }

    @Test
    void aDataFolderThatCannotBeCreatedIsNamed() throws Exception {
        Path blocker = Files.writeString(tmp.resolve("blocker"), "a file where the data folder should be");

        String line = failedStartUp("--port", "0", "--data-dir", blocker.toString());

        assertTrue(line.contains("data folder " + blocker), line);
    }

    @Test
    void aBadPluginValueIsOneLineWithExitCode2ForCheckAsForAStart() throws Exception {
        String expected = "turnstile: invalid --files-writable 'maybe' (from the command line): expected true or false";

        assertEquals(expected, failed(2, "--check", "--files-writable", "maybe"));
        assertEquals(expected, failed(2, "--port", "0", "--files-writable", "maybe"));
    }

    @Test
    void aBadPluginValueStopsStartUpBeforeAnyLineIsLoggedOrAnyPluginStarts() throws Exception {
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0", "--token-scope", "ip")) {
            assertEquals(2, server.awaitExit(), server.stdout() + server.stderr());

            assertEquals("turnstile: invalid --token-scope 'ip' (from the command line): expected connection or address\n",
                    server.stderr());
            assertEquals("", server.stdout(), "no route, no warning, nothing is logged first");
        }
        assertTrue(!Files.exists(install.resolve("data/turnstile.lock")), "not even the data folder's lock was taken");
    }

    @Test
    void beyondLoopbackWithoutTlsOrASecretAStartAndACheckRefuseNamingTheAuthPluginsSecretWithExitCode2()
            throws Exception {
        String expected = "turnstile: refusing to listen on 0.0.0.0, beyond loopback, with neither TLS nor a login"
                + " secret: anyone who can reach the port could log in and read the traffic; turn on TLS with --tls"
                + " auto and set a login secret in TURNSTILE_AUTH_SECRET, or, if everyone who can reach the port is"
                + " trusted, start with --trusted-network true";

        assertEquals(expected, failed(2, "--host", "0.0.0.0", "--port", "0"));
        assertEquals(expected, failed(2, "--check", "--host", "0.0.0.0"));
    }

    @Test
    void checkNextToARunningServerFailsAsASecondServerDoesAndLeavesItsDataAlone() throws Exception {
        try (TurnstileProcess first = TurnstileProcess.start(install, tmp, "--port", "0")) {
            first.awaitListening();

            String line = failed(1, "--check");

            Path data = install.resolve("data");
            assertEquals("turnstile: data folder " + data + " is in use by another Turnstile server (lock file "
                    + data.resolve("turnstile.lock") + ")", line);
        }
    }

    /** Starts a server that must fail, and returns its only line on standard error. */
    private String failedStartUp(String... args) throws IOException, InterruptedException {
        return failed(1, args);
    }

    /** Runs {@code bin/turnstile} with these arguments, which must fail with this exit code and one line. */
    private String failed(int exitCode, String... args) throws IOException, InterruptedException {
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, args)) {
            assertEquals(exitCode, server.awaitExit(), server.stdout() + server.stderr());
            String stderr = server.stderr();
            assertEquals(1, stderr.lines().count(), stderr);
            assertTrue(stderr.startsWith("turnstile: ") && stderr.endsWith("\n"), stderr);
            return stderr.strip();
        }
    }
}
