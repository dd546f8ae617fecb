package dev.turnstile.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RequestTest {

    private static Request request(Object... namesAndValues) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            members.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Request(members);
    }

    private static void assertBadRequest(String message, Executable call) {
        HandlerException e = assertThrows(HandlerException.class, call);
        assertEquals(400, e.code());
        assertEquals(message, e.getMessage());
    }

    @Test
    void urlIsTheUrlMemberWhenItIsAString() {
        assertEquals("/ping", request("url", "/ping").url());
        assertNull(request("url", 5L).url());
        assertNull(request("x", 1L).url());
    }

    @Test
    void membersAreReadOnlyAndKeepTheirOrder() {
        Request request = request("b", 1L, "a", 2L);
        assertEquals(List.of("b", "a"), List.copyOf(request.members().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> request.members().put("c", 3L));
    }

    @Test
    void hasTellsAnExplicitNullFromAnAbsentMember() {
        Request request = request("n", null);
        assertTrue(request.has("n"));
        assertFalse(request.has("m"));
        assertNull(request.get("n"));
        assertNull(request.get("m"));
    }

    @Test
    void requireAcceptsAnyValueIncludingAnExplicitNull() throws HandlerException {
        Request request = request("n", null, "l", List.of(1L), "s", "x");
        assertNull(request.require("n"));
        assertEquals(List.of(1L), request.require("l"));
        assertEquals("x", request.require("s"));
    }

    @Test
    void requireRefusesAnAbsentMemberByName() {
        assertBadRequest("\"data\" is required", () -> request("url", "/echo").require("data"));
    }

    @Test
    void requireStringReturnsAString() throws HandlerException {
        assertEquals("box", request("hostname", "box").requireString("hostname"));
        assertEquals("", request("hostname", "").requireString("hostname"));
    }

    @Test
    void requireStringRefusesAnAbsentMemberAndOtherTypes() {
        assertBadRequest("\"hostname\" is required", () -> request().requireString("hostname"));
        assertBadRequest("\"hostname\" must be a string", () -> request("hostname", 5L).requireString("hostname"));
        assertBadRequest("\"hostname\" must be a string", () -> request("hostname", null).requireString("hostname"));
        assertBadRequest("\"hostname\" must be a string",
                () -> request("hostname", List.of("x")).requireString("hostname"));
    }

    @Test
    void optionalStringFallsBackWhenAbsentOrNull() throws HandlerException {
        assertEquals("dflt", request().optionalString("s", "dflt"));
        assertEquals("dflt", request("s", null).optionalString("s", "dflt"));
        assertNull(request().optionalString("s", null));
        assertEquals("given", request("s", "given").optionalString("s", "dflt"));
    }

    @Test
    void optionalStringRefusesAnotherType() {
        assertBadRequest("\"s\" must be a string", () -> request("s", true).optionalString("s", "dflt"));
    }

    @Test
    void requireLongAcceptsOnlyLongs() throws HandlerException {
        assertEquals(Long.MIN_VALUE, request("n", Long.MIN_VALUE).requireLong("n"));
        String expected = "\"n\" must be an integer between -9223372036854775808 and 9223372036854775807";
        assertBadRequest(expected, () -> request("n", new BigInteger("9223372036854775808")).requireLong("n"));
        assertBadRequest(expected, () -> request("n", new BigDecimal("1.5")).requireLong("n"));
        assertBadRequest(expected, () -> request("n", "1").requireLong("n"));
        assertBadRequest(expected, () -> request("n", null).requireLong("n"));
        assertBadRequest("\"n\" is required", () -> request().requireLong("n"));
    }

    @Test
    void requireBooleanAcceptsOnlyBooleans() throws HandlerException {
        assertTrue(request("b", true).requireBoolean("b"));
        assertFalse(request("b", false).requireBoolean("b"));
        assertBadRequest("\"b\" must be true or false", () -> request("b", "true").requireBoolean("b"));
        assertBadRequest("\"b\" is required", () -> request().requireBoolean("b"));
    }

    @Test
    void requireObjectAcceptsOnlyMaps() throws HandlerException {
        assertEquals(Map.of("k", 1L), request("o", Map.of("k", 1L)).requireObject("o"));
        assertBadRequest("\"o\" must be an object", () -> request("o", List.of()).requireObject("o"));
        assertBadRequest("\"o\" is required", () -> request().requireObject("o"));
    }

    @Test
    void requireListAcceptsOnlyLists() throws HandlerException {
        assertEquals(List.of(1L), request("l", List.of(1L)).requireList("l"));
        assertBadRequest("\"l\" must be an array", () -> request("l", Map.of()).requireList("l"));
        assertBadRequest("\"l\" is required", () -> request().requireList("l"));
    }

    @Test
    void requestsWithEqualMembersAreEqual() {
        Map<String, Object> members = new HashMap<>(Map.of("url", "/x", "n", 1L));
        Request a = new Request(members);
        Request b = request("url", "/x", "n", 1L);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, request("url", "/x", "n", 2L));
        assertNotEquals(a, members);
        assertTrue(b.toString().contains("/x"));
    }
}
