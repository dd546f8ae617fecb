package dev.turnstile.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.RouteTable;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.testing.TestClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample handlers behind a real server on a loopback port, spoken to over TCP. */
class SampleHandlersIT {

    private static final String TOKEN = "\"token\":\"" + FixedTokenLoginHandler.TOKEN + "\"";

    @TempDir
    Path dataDir;

    private TurnstileServer server;
    private TestClient client;

    @BeforeEach
    void startServerAndLogIn() throws Exception {
        server = TurnstileServer.start(ServerConfig.defaults().withPort(0).withDataDir(dataDir),
                RouteTable.of(new FixedTokenLoginHandler(), new PingHandler(), new EchoHandler(), new TimeHandler()));
        client = TestClient.connect(server.address());
    }

    @AfterEach
    void stopServer() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pingIsAnsweredWithPongTrueAsOneLineWithCodeFirst() throws Exception {
        client.login("sample-it");

        assertEquals("{\"code\":200,\"pong\":true}", call("{\"url\":\"/ping\"," + TOKEN + "}"));
    }

    @Test
    void echoReturnsNestedUnicodeAndBigNumbersUnchanged() throws Exception {
        String data = "{\"text\":\"h\u00e9llo \u2603 \ud83d\ude00\",\"big\":123456789012345678901234567890,"
                + "\"pi\":3.14159265358979323846264338327950288,\"list\":[1,null,true,false,[],{}],"
                + "\"nothing\":null}";
        client.login("sample-it");

        Map<String, Object> response = client.call("{\"url\":\"/echo\"," + TOKEN + ",\"data\":" + data + "}");

        assertEquals(200L, response.get("code"));
        assertEquals(TestClient.parse(data), response.get("data"));
    }

    @Test
    void echoOfNullAnswersDataNull() throws Exception {
        client.login("sample-it");

        assertEquals("{\"code\":200,\"data\":null}", call("{\"url\":\"/echo\"," + TOKEN + ",\"data\":null}"));
    }

    @Test
    void echoWithoutDataIsAnswered400AndTheNextRequestIsServed() throws Exception {
        client.login("sample-it");

        Map<String, Object> error = client.call("{\"url\":\"/echo\"," + TOKEN + "}");
        assertEquals(400L, error.get("code"));
        assertEquals("\"data\" is required", error.get("error"));

        assertEquals(200L, client.call("{\"url\":\"/ping\"," + TOKEN + "}").get("code"));
    }

    @Test
    void timeIsAnsweredWithAUtcInstant() throws Exception {
        client.login("sample-it");

        Map<String, Object> response = client.call("{\"url\":\"/time\"," + TOKEN + "}");

        assertEquals(200L, response.get("code"));
        String time = (String) response.get("time");
        assertTrue(time.endsWith("Z"), time);
        assertEquals(time, Instant.parse(time).toString());
    }

    @Test
    void sampleUrlsWithoutTheTokenAreAnswered401AndTheNextRequestIsServed() throws Exception {
        client.login("sample-it");

        for (String url : new String[] {"/ping", "/echo", "/time"}) {
            assertEquals(401L, client.call("{\"url\":\"" + url + "\",\"data\":1}").get("code"), url);
        }

        assertEquals(200L, client.call("{\"url\":\"/ping\"," + TOKEN + "}").get("code"));
    }

    private String call(String request) throws Exception {
        client.send(request + "\n");
        return client.readLine();
    }
}
