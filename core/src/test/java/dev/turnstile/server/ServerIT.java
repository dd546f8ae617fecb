package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.RouteTable;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestHandlers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerIT {

    @TempDir
    Path dataDir;

    private TurnstileServer start(ServerConfig config) throws Exception {
        return TurnstileServer.start(config.withPort(0).withDataDir(dataDir),
                RouteTable.of(new TestHandlers.Login(), new TestHandlers.Ping(), new TestHandlers.Echo(),
                        new TestHandlers.Fail(), new TestHandlers.Unwritable()));
    }

    @Test
    void loginThenPingIsServed() throws Exception {
        try (TurnstileServer server = start(ServerConfig.defaults());
                TestClient client = TestClient.connect(server.address())) {
            String token = client.login("box");
            Map<String, Object> pong = client.call("{\"url\":\"/ping\",\"token\":\"" + token + "\"}");
            assertEquals(Map.of("code", 200L, "pong", true), pong);
        }
    }
}
