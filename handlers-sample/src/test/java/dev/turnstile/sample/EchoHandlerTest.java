package dev.turnstile.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.testing.FakeSession;
import dev.turnstile.testing.Requests;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A unit test on the kit's fakes: a real request, a {@link FakeSession}, no socket. */
class EchoHandlerTest {

    private final FakeSession session = new FakeSession();

    private final EchoHandler handler = new EchoHandler();

    // Every kind of value the server's JSON parser produces, each shaped as it would produce it.
    static Stream<Arguments> jsonValues() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("name", "turnstile");
        nested.put("inner", Map.of("depth", 2L, "tags", List.of("a", "b")));
        nested.put("nothing", null);
        return Stream.of(
                arguments(named("a nested object", nested)),
                arguments(named("an array of mixed values", Arrays.asList(1L, "two", new BigDecimal("3.5E-7"), null, List.of()))),
                arguments(named("unicode text", "h\u00e9llo \u2603 \ud83d\ude00 \u0000 \"quoted\"")),
                arguments(named("an integer beyond 64 bits", new BigInteger("123456789012345678901234567890"))),
                arguments(named("a decimal", new BigDecimal("3.14159265358979323846264338327950288"))),
                arguments(named("null", null)),
                arguments(named("true", true)),
                arguments(named("false", false)),
                arguments(named("an empty object", Map.of())));
    }

    @ParameterizedTest(name = "{0} comes back equal")
    @MethodSource("jsonValues")
    void everyJsonValueComesBackEqual(Object data) throws HandlerException {
        Response response = handler.handle(requestWithData(data), session);

        assertEquals(200, response.code());
        assertTrue(response.body().containsKey("data"));
        assertEquals(data, response.body().get("data"));
        assertEquals(1, response.body().size());
        assertFalse(response.isLater(), "echo answers at once");
        assertFalse(session.closeRequested());
    }

    @Test
    void missingDataIsAnswered400() {
        Request request = Requests.of("/echo").build();

        HandlerException error = assertThrows(HandlerException.class, () -> handler.handle(request, session));

        assertEquals(400, error.code());
        assertEquals("\"data\" is required", error.getMessage());
    }

    private static Request requestWithData(Object data) {
        // The builder takes null too: a JSON null is a value the client may send.
        return Requests.of("/echo").with("data", data).build();
    }
}
