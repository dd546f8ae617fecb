package dev.turnstile.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.server.BusyPolicy;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.startup.StartupException;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.testing.TestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth plugin in a real server on a loopback port, with {@code /whoami} as a url that needs the token. */
class LoginIT {

    @TempDir
    Path dataDir;

    private TurnstileServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tokenFromLoginOpensUrlsThatNeedIt() throws Exception {
        start(BusyPolicy.QUEUE);
        try (TestClient client = connect()) {
            String token = client.login("it-host");

            assertTrue(token.matches("[0-9a-f]{64}"), token);
            Map<String, Object> response = whoami(client, token);
            assertEquals(200L, response.get("code"));
            assertEquals("127.0.0.1", response.get("address"));
        }
    }

    @Test
    void requestWithoutTokenIsAnswered401AndTheNextRequestIsServed() throws Exception {
        start(BusyPolicy.QUEUE);
        try (TestClient client = connect()) {
            String token = client.login("it-host");

            assertEquals(401L, client.call("{\"url\":\"/whoami\"}").get("code"));
            assertEquals(200L, whoami(client, token).get("code"));
        }
    }

    @Test
    void wrongTokenIsAnswered401AndTheNextRequestIsServed() throws Exception {
        start(BusyPolicy.QUEUE);
        try (TestClient client = connect()) {
            String token = client.login("it-host");

            assertEquals(401L, whoami(client, "0".repeat(64)).get("code"));
            assertEquals(200L, whoami(client, token).get("code"));
        }
    }

    @Test
    void loginWithoutHostnameIsAnswered400AndTheNextRequestIsServed() throws Exception {
        start(BusyPolicy.QUEUE);
        try (TestClient client = connect()) {
            Map<String, Object> refused = client.call("{\"url\":\"/login\"}");

            assertEquals(400L, refused.get("code"));
            assertEquals("\"hostname\" is required", refused.get("error"));
            assertEquals(200L, whoami(client, client.login("it-host")).get("code"));
        }
    }

    @Test
    void secondLoginReplacesTheTokenAndTheOldOneIsRefused() throws Exception {
        start(BusyPolicy.QUEUE);
        try (TestClient client = connect()) {
            String first = client.login("first-host");
            String second = client.login("second-host");

            assertNotEquals(first, second);
            assertEquals(401L, whoami(client, first).get("code"));
            assertEquals(200L, whoami(client, second).get("code"));
            assertEquals(second, Files.readString(tokenFile()));
        }
    }

    @Test
    void tokenOfAnEarlierConnectionIsRefusedOnANewOneFromTheSameAddress() throws Exception {
        start(BusyPolicy.QUEUE);
        String earlier;
        try (TestClient client = connect()) {
            earlier = client.login("it-host");
        }
        try (TestClient client = connect()) {
            assertEquals(401L, whoami(client, earlier).get("code"));

            client.login("it-host");
            assertEquals(401L, whoami(client, earlier).get("code"));
        }
    }

    @Test
    void tokenFileHoldsExactlyTheTokenReadableByItsOwnerOnly() throws Exception {
        start(BusyPolicy.QUEUE);
        try (TestClient client = connect()) {
            String token = client.login("it-host");

            assertEquals(token, Files.readString(tokenFile()));
            assumeTrue(dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile())));
            assertEquals("rwx------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile().getParent())));
        }
    }

    @Test
    void tokenFileIsRemovedWhenItsClientDisconnects() throws Exception {
        start(BusyPolicy.QUEUE);
        try (TestClient client = connect()) {
            client.login("it-host");
            assertTrue(Files.exists(tokenFile()));
        }
        // The queued next client is served only after the server has handled the first one's close.
        try (TestClient next = connect()) {
            assertEquals(401L, next.call("{\"url\":\"/whoami\"}").get("code"));
        }
        assertFalse(Files.exists(tokenFile()));
    }

    @Test
    void rejectedSecondClientLeavesTheLoggedInClientsTokenAlone() throws Exception {
        start(BusyPolicy.REJECT);
        try (TestClient client = connect()) {
            String token = client.login("it-host");
            try (TestClient second = connect()) {
                assertEquals(503L, second.readResponse().get("code"));
                assertTrue(second.isClosedByServer());
            }

            assertEquals(200L, whoami(client, token).get("code"));
            assertEquals(token, Files.readString(tokenFile()));
        }
    }

    @Test
    void tokenFileIsRemovedWhenTheServerCloses() throws Exception {
        start(BusyPolicy.QUEUE);
        try (TestClient client = connect()) {
            client.login("it-host");

            server.close();
            server = null;

            assertFalse(Files.exists(tokenFile()));
        }
    }

    @Test
    void tokenFileThatCannotBeWrittenIsA500AndGrantsNoToken() throws Exception {
        start(BusyPolicy.QUEUE);
        // A non-empty folder named TOKEN cannot be replaced by a file.
        Path blocker = Files.createDirectories(tokenFile().resolve("blocker"));
        try (TestClient client = connect()) {
            assertEquals(500L, client.call("{\"url\":\"/login\",\"hostname\":\"it-host\"}").get("code"));

            assertEquals(401L, client.call("{\"url\":\"/whoami\"}").get("code"));
        } finally {
            Files.delete(blocker);
        }
    }

    @Test
    void staleTokenFileIsRemovedAtStartUp() throws Exception {
        Files.createDirectories(tokenFile().getParent());
        Files.writeString(tokenFile(), "f".repeat(64));

        start(BusyPolicy.QUEUE);

        assertFalse(Files.exists(tokenFile()));
    }

    @Test
    void startUpFailsNamingTheTokenFolderWhenItCannotBeCreated() throws Exception {
        Path blocker = Files.writeString(dataDir.resolve("connection"), "not a folder");

        StartupException e = assertThrows(StartupException.class, () -> start(BusyPolicy.QUEUE));

        assertTrue(e.getMessage().contains("cannot keep the token in " + blocker), e.getMessage());
        assertTrue(e.getMessage().contains("remove it or choose another data-dir"), e.getMessage());
    }

    @Test
    void withASecretAWrongLoginIsA401ThenTheRightOneIsServedOnTheSameConnection() throws Exception {
        start(ServerConfig.defaults().withSetting("auth-secret", "open sesame"));
        try (TestClient client = connect()) {
            assertEquals(401L, client.call("{\"url\":\"/login\",\"hostname\":\"it\"}").get("code"));
            Map<String, Object> login = client.call("{\"url\":\"/login\",\"hostname\":\"it\",\"secret\":\"open sesame\"}");
            assertEquals(200L, login.get("code"));
            assertEquals(200L, whoami(client, (String) login.get("token")).get("code"));
        }
    }

    @Test
    void withASecretFivePipelinedWrongLoginsAreAnswered401AndTheConnectionClosesBeforeTheSixth() throws Exception {
        start(ServerConfig.defaults().withSetting("auth-secret", "open sesame"));
        try (TestClient client = connect()) {
            String wrong = "{\"url\":\"/login\",\"hostname\":\"it\",\"secret\":\"guess\"}";
            client.send(wrong.repeat(5) + "{\"url\":\"/login\",\"hostname\":\"it\",\"secret\":\"open sesame\"}\n");
            for (int i = 0; i < 5; i++) {
                assertEquals(401L, client.readResponse().get("code"));
            }
            assertTrue(client.isClosedByServer());
        }
        assertFalse(Files.exists(tokenFile()));
    }

    private void start(BusyPolicy busy) throws StartupException {
        start(ServerConfig.defaults().withBusy(busy));
    }

    private void start(ServerConfig base) throws StartupException {
        ServerConfig config = base.withPort(0).withDataDir(dataDir);
        server = TurnstileServer.start(config, List.of(LoadedPlugin.of(new AuthPlugin()),
                LoadedPlugin.ofHandler(new WhoAmIHandler(), "class path")));
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
