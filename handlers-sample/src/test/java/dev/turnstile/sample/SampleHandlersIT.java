package dev.turnstile.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.testing.TurnstileServerExtension;
import dev.turnstile.testing.TurnstileTestClient;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample handlers behind a real server on a loopback port, spoken to over TCP by a client that
 * has logged in: turnstile-testing's extension starts the server once for the class and gives
 * each test a connection of its own.
 */
class SampleHandlersIT {

    @RegisterExtension
    static final TurnstileServerExtension TURNSTILE =
            TurnstileServerExtension.serving(new PingHandler(), new EchoHandler(), new TimeHandler());

    @Test
    void pingIsAnsweredWithPongTrueAsOneLineWithCodeFirst(TurnstileTestClient client) throws IOException {
        assertEquals("{\"code\":200,\"pong\":true}", client.send("{\"url\":\"/ping\"," + token(client) + "}"));
    }

    @Test
    void echoReturnsNestedUnicodeAndBigNumbersUnchanged(TurnstileTestClient client) throws IOException {
        String data = "{\"text\":\"h\u00e9llo \u2603 \ud83d\ude00\",\"big\":123456789012345678901234567890,"
                + "\"pi\":3.14159265358979323846264338327950288,\"list\":[1,null,true,false,[],{}],"
                + "\"nothing\":null}";

        Map<String, Object> response = TurnstileTestClient.parse(
                client.send("{\"url\":\"/echo\"," + token(client) + ",\"data\":" + data + "}"));

        assertEquals(200L, response.get("code"));
        assertEquals(TurnstileTestClient.parse(data), response.get("data"));
    }

    @Test
    void echoOfNullAnswersDataNull(TurnstileTestClient client) throws IOException {
        assertEquals("{\"code\":200,\"data\":null}", client.send("{\"url\":\"/echo\"," + token(client) + ",\"data\":null}"));
    }

    @Test
    void echoWithoutDataIsAnswered400AndTheNextRequestIsServed(TurnstileTestClient client) throws IOException {
        Map<String, Object> error = client.call("/echo");
        assertEquals(400L, error.get("code"));
        assertEquals("\"data\" is required", error.get("error"));

        assertEquals(200L, client.call("/ping").get("code"));
    }

    @Test
    void timeIsAnsweredWithAUtcInstant(TurnstileTestClient client) throws IOException {
        Map<String, Object> response = client.call("/time");

        assertEquals(200L, response.get("code"));
        String time = (String) response.get("time");
        assertTrue(time.endsWith("Z"), time);
        assertEquals(time, Instant.parse(time).toString());
    }

    @Test
    void sampleUrlsWithoutTheTokenAreAnswered401AndTheNextRequestIsServed(TurnstileTestClient client)
            throws IOException {
        for (String url : new String[] {"/ping", "/echo", "/time"}) {
            assertEquals(401L, TurnstileTestClient.parse(client.send("{\"url\":\"" + url + "\",\"data\":1}")).get("code"),
                    url);
        }

        assertEquals(200L, client.call("/ping").get("code"));
    }

    private static String token(TurnstileTestClient client) {
        return "\"token\":\"" + client.token() + "\"";
    }
}
