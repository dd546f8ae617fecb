package dev.turnstile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestHandlers;
import dev.turnstile.testing.TestKeystore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code turnstile --health} against real servers, running, busy and stopped, plain and TLS. */
class HealthProbeIT {

    @TempDir
    Path home;

    @TempDir
    Path dataDir;

    private final Map<String, String> environment = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int probe(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--health";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.run(all, environment, home, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static TurnstileServer start(ServerConfig config) throws Exception {
        return TurnstileServer.start(config.withPort(0),
                LoadedPlugin.handlers(new TestHandlers.Login(), new TestHandlers.Ping()));
    }

    private static String port(TurnstileServer server) {
        return Integer.toString(server.address().getPort());
    }

    @Test
    void aRunningPlainServerIsHealthy() throws Exception {
        try (TurnstileServer server = start(ServerConfig.defaults().withDataDir(dataDir))) {
            assertEquals(0, probe("--port", port(server), "--data-dir", dataDir.toString()), err::toString);

            assertEquals("turnstile: healthy: 127.0.0.1:" + port(server) + " answered 401 to a request without a token\n",
                    out.toString(StandardCharsets.UTF_8));
            assertEquals("", err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aServerWithTlsAutoIsProbedOverTlsTrustingItsOwnCertificateFromTheDataFolder() throws Exception {
        try (TurnstileServer server = start(ServerConfig.defaults().withDataDir(dataDir).withTlsAuto())) {
            assertEquals(0, probe("--port", port(server), "--data-dir", dataDir.toString(), "--tls", "auto"),
                    err::toString);

            assertEquals("turnstile: healthy: 127.0.0.1:" + port(server) + " (TLS) answered 401 to a request without"
                    + " a token\n", out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aServerWithAKeystoreIsProbedTrustingTheCertificateInIt() throws Exception {
        try (TurnstileServer server = start(ServerConfig.defaults().withDataDir(dataDir)
                .withTls(TestKeystore.file(), TestKeystore.PASSWORD))) {
            environment.put("TURNSTILE_TLS_PASSWORD", TestKeystore.PASSWORD);

            assertEquals(0, probe("--port", port(server), "--tls-keystore", TestKeystore.file().toString()),
                    err::toString);
        }
    }

    @Test
    void aServerPresentingAnotherCertificateThanItsOwnIsNotHealthy(@TempDir Path otherData) throws Exception {
        // A key pair of --tls auto exists in otherData, but the server on the port presents another one.
        start(ServerConfig.defaults().withDataDir(otherData).withTlsAuto()).close();
        try (TurnstileServer server = start(ServerConfig.defaults().withDataDir(dataDir)
                .withTls(TestKeystore.file(), TestKeystore.PASSWORD))) {
            assertEquals(1, probe("--port", port(server), "--data-dir", otherData.toString(), "--tls", "auto"));

            assertEquals("turnstile: not healthy: the TLS handshake with 127.0.0.1:" + port(server) + " (TLS) failed:"
                    + " the server presents another certificate than the one in its keystore; is another program"
                    + " listening on this port?\n", err.toString(StandardCharsets.UTF_8));
            assertEquals("", out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aBusyServerIsHealthy() throws Exception {
        try (TurnstileServer server = start(ServerConfig.defaults().withDataDir(dataDir));
                TestClient holder = TestClient.connect(server.address())) {
            holder.login("box");

            assertEquals(0, probe("--port", port(server)), err::toString);

            assertEquals("turnstile: healthy: 127.0.0.1:" + port(server) + " answered 503 (busy with another client)\n",
                    out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aStoppedServerIsNotHealthyInOneLine() throws Exception {
        String port;
        try (TurnstileServer server = start(ServerConfig.defaults().withDataDir(dataDir))) {
            port = port(server);
        }

        assertEquals(1, probe("--port", port));

        String line = err.toString(StandardCharsets.UTF_8);
        assertTrue(line.startsWith("turnstile: not healthy: cannot reach 127.0.0.1:" + port + ": "), line);
        assertEquals(1, line.lines().count());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aServerOnAWildcardIsProbedOnLoopback() throws Exception {
        try (TurnstileServer server = start(ServerConfig.defaults().withDataDir(dataDir).withHost("0.0.0.0")
                .withTrustedNetwork(true))) {
            assertEquals(0, probe("--host", "0.0.0.0", "--port", port(server)), err::toString);

            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("turnstile: healthy: 127.0.0.1:" + port(server)));
        }
    }

    @Test
    void theProbeOfATlsAutoServerThatNeverStartedSaysSoAndExits1() {
        assertEquals(1, probe("--port", "8888", "--data-dir", dataDir.toString(), "--tls", "auto"));

        assertEquals("turnstile: no certificate in " + dataDir.resolve("tls/server.p12") + ": a server with --tls auto"
                + " and this --data-dir has not started yet\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void healthAndCheckTogetherAreAUsageError() {
        assertEquals(2, probe("--check"));

        assertEquals("turnstile: give --check or --health, not both\n", err.toString(StandardCharsets.UTF_8));
    }
}
