package dev.turnstile.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestsTest {

    @Test
    void membersKeepTheOrderGivenWithTheUrlFirst() {
        Request request = Requests.of("/hello").with("name", "x").withToken("t").build();

        assertEquals("/hello", request.url());
        assertEquals(List.of("url", "name", "token"), List.copyOf(request.members().keySet()));
    }

    @Test
    void aNullValueIsAPresentMember() throws HandlerException {
        Request request = Requests.of("/echo").with("data", null).build();

        assertTrue(request.has("data"));
        assertNull(request.require("data"));
    }

    @Test
    void valuesTheParserNeverProducesAreRefusedWithTheFix() {
        IllegalArgumentException integer = assertThrows(IllegalArgumentException.class,
                () -> Requests.of("/x").with("n", 3));
        assertThrows(IllegalArgumentException.class, () -> Requests.of("/x").with("n", 1.5));

        assertEquals("\"n\": the server parses integers as Long; write 3L", integer.getMessage());
        assertEquals(3L, Requests.of("/x").with("n", 3L).with("f", new BigDecimal("1.5")).build().get("n"));
    }

    @Test
    void buildCopiesSoLaterChangesDoNotLeakIntoEarlierRequests() {
        Requests builder = Requests.of("/x").with("a", "1");
        Request first = builder.build();

        builder.with("a", "2");

        assertEquals("1", first.get("a"));
        assertEquals("2", builder.build().get("a"));
    }
}
