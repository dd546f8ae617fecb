package dev.turnstile.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseTest {

    @Test
    void okIsA200WithAnEmptyBody() {
        assertEquals(200, Response.ok().code());
        assertEquals(Map.of(), Response.ok().body());
        assertSame(Response.ok(), Response.ok());
    }

    @Test
    void okWithOneMemberKeepsANullValue() {
        Response response = Response.ok("value", null);
        assertEquals(200, response.code());
        assertTrue(response.body().containsKey("value"));
        assertNull(response.body().get("value"));
    }

    @Test
    void theBodyIsUsedAsItIsInItsOrder() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("z", 1L);
        body.put("a", List.of());
        Response response = Response.ok(body);
        assertSame(body, response.body());
        assertEquals(List.of("z", "a"), List.copyOf(response.body().keySet()));
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 200, 204, 401, 599})
    void codesFrom100To599AreAccepted(int code) {
        assertEquals(code, Response.of(code, Map.of()).code());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 99, 600, 1000})
    void codesOutside100To599AreRefused(int code) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Response.of(code, Map.of()));
        assertTrue(e.getMessage().contains(Integer.toString(code)), e.getMessage());
    }

    @Test
    void codeAndIdInTheBodyAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Response.ok(Map.of("code", 201L)));
        assertThrows(IllegalArgumentException.class, () -> Response.ok("id", 7L));
        assertThrows(IllegalArgumentException.class, () -> Response.of(400, Map.of("error", "x", "id", "y")));
    }

    @Test
    void responsesWithTheSameCodeAndBodyAreEqual() {
        Response a = Response.ok("pong", true);
        Response b = Response.ok(Map.of("pong", true));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Response.of(201, Map.of("pong", true)));
        assertNotEquals(a, Response.ok("pong", false));
        assertNotEquals(a, Map.of("pong", true));
    }

    @Test
    void toStringShowsTheCodeFirst() {
        assertEquals("{code=404, error=no}", Response.of(404, Map.of("error", "no")).toString());
    }

    @Test
    void aRetryWhenCarriesItsWorkAndItsLongestWait() {
        CompletableFuture<String> work = new CompletableFuture<>();
        Response retry = Response.retryWhen(work, Duration.ofSeconds(1));

        assertTrue(retry.isRetry());
        assertSame(work, retry.retryWork());
        assertEquals(1_000_000_000L, retry.retryNanos());
        assertEquals(0, retry.code());
        assertEquals("Response[retry when its work is done, at most after PT1S]", retry.toString());
    }

    @Test
    void aRetryAfterAndAnAnswerCarryNoWork() {
        assertNull(Response.retryAfter(Duration.ofMillis(5)).retryWork());
        assertNull(Response.ok().retryWork());
    }

    @Test
    void retriesAreEqualOnlyForTheSameWork() {
        CompletableFuture<String> work = new CompletableFuture<>();
        Duration second = Duration.ofSeconds(1);

        assertEquals(Response.retryWhen(work, second), Response.retryWhen(work, second));
        assertEquals(Response.retryWhen(work, second).hashCode(), Response.retryWhen(work, second).hashCode());
        assertNotEquals(Response.retryWhen(work, second), Response.retryWhen(new CompletableFuture<>(), second));
        assertNotEquals(Response.retryWhen(work, second), Response.retryAfter(second));
    }

    @Test
    void aRetryWhensLongestWaitIsOneMillisecondToOneMinute() {
        CompletableFuture<String> work = new CompletableFuture<>();
        assertEquals(1_000_000L, Response.retryWhen(work, Duration.ofMillis(1)).retryNanos());
        assertEquals(60_000_000_000L, Response.retryWhen(work, Duration.ofMinutes(1)).retryNanos());

        IllegalArgumentException shorter = assertThrows(IllegalArgumentException.class,
                () -> Response.retryWhen(work, Duration.ofNanos(999_999)));
        assertEquals("a retry's longest wait is 1 ms to 1 min, not PT0.000999999S", shorter.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Response.retryWhen(work, Duration.ofSeconds(61)));
        assertThrows(NullPointerException.class, () -> Response.retryWhen(null, Duration.ofSeconds(1)));
    }
}
