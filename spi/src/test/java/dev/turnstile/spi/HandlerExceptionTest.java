package dev.turnstile.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandlerExceptionTest {

    @Test
    void badRequestIs400WithTheMessage() {
        HandlerException e = HandlerException.badRequest("\"x\" is required");
        assertEquals(400, e.code());
        assertEquals("\"x\" is required", e.getMessage());
    }

    @Test
    void unauthorizedIs401WithTheMessage() {
        HandlerException e = HandlerException.unauthorized("wrong secret");
        assertEquals(401, e.code());
        assertEquals("wrong secret", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 500, 599})
    void errorCodesFrom400To599AreAccepted(int code) {
        assertEquals(code, new HandlerException(code, "m").code());
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 399, 600})
    void codesThatAreNotErrorsAreRefused(int code) {
        assertThrows(IllegalArgumentException.class, () -> new HandlerException(code, "m"));
    }

    @Test
    void itCarriesNoStackTraceToFill() {
        assertEquals(0, new HandlerException(400, "m").getStackTrace().length);
    }
}
