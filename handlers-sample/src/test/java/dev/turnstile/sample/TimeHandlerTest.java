package dev.turnstile.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.testing.FakeSession;
import dev.turnstile.testing.Requests;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A unit test on the kit's fakes, with the handler's clock fixed instead of slept on. */
class TimeHandlerTest {

    private static final Request TIME = Requests.of("/time").build();

    private final FakeSession session = new FakeSession();

    @Test
    void timeIsTheClocksInstantInIso8601() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T09:30:00.123456Z"), ZoneOffset.UTC);

        Response response = new TimeHandler(clock).handle(TIME, session);

        assertEquals(Response.ok("time", "2026-11-26T09:30:00.123456Z"), response);
    }

    @Test
    void timeIsGivenInUtcEvenWhenTheClockIsInAnotherZone() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneId.of("Asia/Tokyo"));

        Response response = new TimeHandler(clock).handle(TIME, session);

        assertEquals(Response.ok("time", "2026-01-01T00:00:00Z"), response);
    }

    @Test
    void theNoArgumentConstructorAnswersAParsableUtcInstant() {
        Response response = new TimeHandler().handle(TIME, session);

        String time = (String) response.body().get("time");
        assertEquals(200, response.code());
        assertTrue(time.endsWith("Z"), time);
        assertEquals(time, Instant.parse(time).toString());
    }

    @Test
    void timeServesSlashTimeAndNeedsTheToken() {
        TimeHandler handler = new TimeHandler();

        assertEquals("/time", handler.url());
        assertTrue(handler.needsToken());
    }
}
