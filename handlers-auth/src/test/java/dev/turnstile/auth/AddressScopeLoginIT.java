package dev.turnstile.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.server.BusyPolicy;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.testing.TestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code token-scope=address} in a real server on a loopback port, as the original Python client
 * uses it: log in on one connection, close it, send the token on the next. Needs the server's
 * support for a {@link dev.turnstile.spi.TokenAuthority} in its router.
 */
class AddressScopeLoginIT {

    @TempDir
    Path dataDir;

    private TurnstileServer server;

    @BeforeEach
    void startServer() throws Exception {
        ServerConfig config = ServerConfig.defaults().withBusy(BusyPolicy.QUEUE).withPort(0).withDataDir(dataDir)
                .withSetting("token-scope", "address");
        server = TurnstileServer.start(config, List.of(LoadedPlugin.of(new AuthPlugin()),
                LoadedPlugin.ofHandler(new WhoAmIHandler(), "class path")));
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tokenFromAnEarlierConnectionIsAcceptedOnTheNextOneFromTheSameAddress() throws Exception {
        String token;
        try (TestClient first = connect()) {
            // The original client's framing: one JSON text, no newline, then wait for the answer.
            token = (String) first.send("{\"url\":\"/login\",\"hostname\":\"sharing-box\"}").readResponse().get("token");
        }
        try (TestClient next = connect()) {
            Map<String, Object> response = next.send("{\"url\":\"/whoami\",\"token\":\"" + token + "\"}").readResponse();

            assertEquals(200L, response.get("code"), response.toString());
            assertEquals("127.0.0.1", response.get("address"));
            assertEquals(200L, whoami(next, token).get("code"), "the token keeps working on that connection");
        }
        try (TestClient third = connect()) {
            assertEquals(200L, whoami(third, token).get("code"));
        }
    }

    @Test
    void aConnectionOnWhichTheTokenIsAcceptedCountsAsLoggedInAndMaySendLargeRequests() throws Exception {
        String token = loginAndLeave();
        try (TestClient next = connect()) {
            assertEquals(200L, whoami(next, token).get("code"));

            // Over the 16 KiB allowed before a login, well under max-request-bytes.
            String large = "{\"url\":\"/whoami\",\"token\":\"" + token + "\",\"pad\":\"" + "x".repeat(32 * 1024) + "\"}";
            assertEquals(200L, next.call(large).get("code"));
        }
    }

    @Test
    void tokenFileIsKeptWhenTheClientDisconnectsAndRemovedWhenTheServerStops() throws Exception {
        String token = loginAndLeave();
        // The queued next client is served only after the server has handled the first one's close.
        try (TestClient next = connect()) {
            assertEquals(200L, whoami(next, token).get("code"));
        }
        assertEquals(token, Files.readString(tokenFile()));

        server.close();
        server = null;

        assertFalse(Files.exists(tokenFile()));
    }

    @Test
    void aNewLoginReplacesTheTokenOnLaterConnections() throws Exception {
        String first = loginAndLeave();
        String second = loginAndLeave();

        assertNotEquals(first, second);
        try (TestClient next = connect()) {
            assertEquals(401L, whoami(next, first).get("code"));
            assertEquals(200L, whoami(next, second).get("code"));
        }
        assertEquals(second, Files.readString(tokenFile()));
    }

    @Test
    void tokenFromAnotherAddressIsA401AndStillWorksFromTheAddressThatLoggedIn() throws Exception {
        String token = loginAndLeave();
        InetAddress otherLoopback = InetAddress.getByName("127.0.0.2");
        try (Socket stranger = new Socket()) {
            // Linux routes all of 127.0.0.0/8 to loopback: a second client address on one machine.
            stranger.bind(new InetSocketAddress(otherLoopback, 0));
            stranger.setSoTimeout(TestClient.TIMEOUT_MILLIS);
            stranger.connect(server.address(), TestClient.TIMEOUT_MILLIS);
            stranger.getOutputStream().write(("{\"url\":\"/whoami\",\"token\":\"" + token + "\"}\n"
                    + "{\"url\":\"/whoami\"}\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader answers = new BufferedReader(
                    new InputStreamReader(stranger.getInputStream(), StandardCharsets.UTF_8));

            assertEquals(401L, TestClient.parse(answers.readLine()).get("code"));
            assertEquals(401L, TestClient.parse(answers.readLine()).get("code"), "nothing was granted to it");
        }
        assertEquals(token, Files.readString(tokenFile()));
        try (TestClient client = connect()) {
            assertEquals(200L, whoami(client, token).get("code"));
        }
    }

    @Test
    void aWrongTokenOnANewConnectionIsA401AndTheNextRequestIsServed() throws Exception {
        String token = loginAndLeave();
        try (TestClient next = connect()) {
            assertEquals(401L, whoami(next, "0".repeat(64)).get("code"));
            assertEquals(200L, whoami(next, token).get("code"));
        }
    }

    private String loginAndLeave() throws IOException {
        try (TestClient client = connect()) {
            String token = client.login("sharing-box");
            assertTrue(token.matches("[0-9a-f]{64}"), token);
            return token;
        }
    }

    private TestClient connect() throws IOException {
        return TestClient.connect(server.address());
    }

    private Path tokenFile() {
        return dataDir.resolve("connection").resolve("TOKEN");
    }

    private static Map<String, Object> whoami(TestClient client, String token) throws IOException {
        return client.call("{\"url\":\"/whoami\",\"token\":\"" + token + "\"}");
    }
}
