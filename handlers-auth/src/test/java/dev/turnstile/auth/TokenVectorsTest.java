package dev.turnstile.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.testing.ManualTimer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every vector of {@code token-vectors.jsonl}, which Python 3 produced with the command on
 * the file's first line: Turnstile must compute the same text and token as the original server.
 */
class TokenVectorsTest {

    record Vector(String address, String ip, String hostname, String instant, String timeStamp, String text,
            String token) {
        @Override
        public String toString() {
            return address + " " + PythonRepr.of(hostname) + " " + timeStamp;
        }
    }

    static List<Vector> vectors() throws IOException {
        try (InputStream in = TokenVectorsTest.class.getResourceAsStream("/token-vectors.jsonl");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return lines.lines().filter(line -> !line.startsWith("#")).map(TokenVectorsTest::vector)
                    .collect(Collectors.toList());
        }
    }

    private static Vector vector(String line) {
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            JsonObject o = reader.readObject();
            return new Vector(o.getString("address"), o.getString("ip"), o.getString("hostname"),
                    o.getString("instant"), o.getString("time_stamp"), o.getString("text"), o.getString("token"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void addressIsWrittenAsPythonPrintsIt(Vector v) throws IOException {
        assertEquals(v.ip(), IpText.of(InetAddress.getByName(v.address())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void timeIsWrittenAsPythonPrintsIt(Vector v) {
        assertEquals(v.timeStamp(), TimestampText.of(Instant.parse(v.instant())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void hashedTextAndTokenAreThoseOfPython(Vector v) {
        assertEquals(v.text(), TokenFormula.text(v.ip(), v.hostname(), v.timeStamp()));
        assertEquals(v.token(), TokenFormula.token(v.ip(), v.hostname(), v.timeStamp()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void loginAnswersThePythonToken(Vector v) throws Exception {
        Session session = mock(Session.class);
        when(session.remoteAddress()).thenReturn(new InetSocketAddress(InetAddress.getByName(v.address()), 40000));
        ManualTimer timer = new ManualTimer();
        LoginHandler handler = new LoginHandler(Clock.fixed(Instant.parse(v.instant()), ZoneOffset.UTC),
                new CurrentToken(TokenScope.CONNECTION, Duration.ZERO, mock(TokenStore.class), timer), null, timer);

        Response response = handler.handle(new Request(Map.of("url", "/login", "hostname", v.hostname())), session);

        assertEquals(Response.ok("token", v.token()), response);
    }
}
