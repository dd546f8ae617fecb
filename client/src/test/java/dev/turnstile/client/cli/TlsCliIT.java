package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.turnstile.client.RunningServer;
import dev.turnstile.client.ServerKeys;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * turnstile-cli as a real process against a real TLS server with a self-signed certificate: what
 * it says the first time, when the certificate changes, and when the transports do not match.
 */
class TlsCliIT {

    @TempDir
    static Path keys;

    private static ServerKeys first;
    private static ServerKeys second;

    @TempDir
    Path dataDir;

    @TempDir
    Path config;

    private RunningServer server;
    private String port;

    @BeforeAll
    static void makeCertificates() throws Exception {
        first = ServerKeys.make(keys, "first");
        second = ServerKeys.make(keys, "second");
    }

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.startTls(dataDir, first.keystore(), ServerKeys.PASSWORD);
        port = String.valueOf(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theFirstConnectionTrustsTheCertificateSaysSoOnceAndRemembersIt() throws Exception {
        CliProcess.Result firstCall = cli("--tls", "-p", port, "--raw", "/ping");
        CliProcess.Result secondCall = cli("--tls", "-p", port, "--raw", "/ping");

        assertEquals(0, firstCall.exitCode(), firstCall.stderr());
        assertEquals("{\"code\":200,\"pong\":true}\n", firstCall.stdout());
        assertEquals("turnstile-cli: first connection to 127.0.0.1:" + port + "; trusting its certificate "
                + first.fingerprint() + "; it is remembered in " + knownServers() + "\n", firstCall.stderr());
        assertEquals(0, secondCall.exitCode(), secondCall.stderr());
        assertEquals("", secondCall.stderr());
    }

    @Test
    void aChangedCertificateIsOneLineWithBothFingerprintsAndTheOptionThatAcceptsTheNewOne() throws Exception {
        cli("--tls", "-p", port, "/ping");
        server.close();
        server = RunningServer.startTls(dataDir, second.keystore(), ServerKeys.PASSWORD, Integer.parseInt(port));

        CliProcess.Result refused = cli("--tls", "-p", port, "/ping");
        CliProcess.Result accepted = cli("--accept-cert", second.fingerprint(), "-p", port, "--raw", "/ping");
        CliProcess.Result after = cli("--tls", "-p", port, "--raw", "/ping");

        assertEquals(3, refused.exitCode());
        assertEquals("turnstile-cli: the certificate of 127.0.0.1:" + port + " has changed: it was " + first.fingerprint()
                + ", it is now " + second.fingerprint() + ". Nothing was sent: this is what an interception looks"
                + " like. If the server's certificate was replaced on purpose (the server's log names its"
                + " fingerprint), accept the new one with --accept-cert " + second.fingerprint() + " (known servers: "
                + knownServers() + ")\n", refused.stderr());
        assertEquals(0, accepted.exitCode(), accepted.stderr());
        assertEquals("turnstile-cli: trusting the new certificate of 127.0.0.1:" + port + ", " + second.fingerprint()
                + ", in place of " + first.fingerprint() + "; it is remembered in " + knownServers() + "\n",
                accepted.stderr());
        assertEquals(0, after.exitCode(), after.stderr());
        assertEquals("", after.stderr());
    }

    @Test
    void aCertificateNoGivenAuthoritySignsIsOneLineWithItsFingerprintAndTheOptionThatTrustsIt() throws Exception {
        CliProcess.Result result = cli("--trust-store", second.trustStore().toString(), "--trust-store-password",
                ServerKeys.PASSWORD, "-p", port, "/ping");

        assertEquals(3, result.exitCode());
        assertEquals("turnstile-cli: 127.0.0.1:" + port + " presents a certificate that no authority in "
                + second.trustStore() + " signs (" + first.fingerprint() + "); nothing was sent. To trust this"
                + " certificate itself, compare its fingerprint with the server's log and connect with --accept-cert "
                + first.fingerprint() + "\n", result.stderr());
        assertFalse(result.stderr().contains("PKIX"), result.stderr());
    }

    @Test
    void aPlainClientOnTheTlsPortIsToldToConnectWithTls() throws Exception {
        CliProcess.Result result = cli("-p", port, "/ping");

        assertEquals(3, result.exitCode());
        assertEquals("turnstile-cli: 127.0.0.1:" + port + " answered in TLS: it speaks TLS, and this connection is"
                + " plain TCP; connect with --tls (or --trust-cert FILE)\n", result.stderr());
    }

    @Test
    void aTlsClientOnAPlainPortIsToldToLeaveOutTls(@TempDir Path plainData) throws Exception {
        // The plain server sees the ClientHello's first bytes and answers at once, in JSON.
        try (RunningServer plain = RunningServer.start(plainData)) {
            CliProcess.Result result = cli("--tls", "-p", String.valueOf(plain.port()), "/ping");

            assertEquals(3, result.exitCode());
            assertEquals("turnstile-cli: 127.0.0.1:" + plain.port() + " answered the TLS handshake in plain text: it"
                    + " does not speak TLS; connect without --tls\n", result.stderr());
        }
    }

    private Path knownServers() {
        return config.resolve("turnstile/known_servers");
    }

    private CliProcess.Result cli(String... args) throws Exception {
        return CliProcess.run(Map.of("XDG_CONFIG_HOME", config.toString()), "", args);
    }
}
