package dev.turnstile.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theClockStandsStillUntilMovedOrSet() {
        ManualClock clock = ManualClock.at(START);
        assertEquals(START, clock.instant());
        assertEquals(START, clock.instant());

        clock.advance(Duration.ofMinutes(5));
        assertEquals(START.plusSeconds(300), clock.instant());
        clock.set(START);
        assertEquals(START.toEpochMilli(), clock.millis());
    }

    @Test
    void itStaysInUtc() {
        ManualClock clock = ManualClock.at(START);

        assertEquals(ZoneOffset.UTC, clock.getZone());
        assertThrows(UnsupportedOperationException.class, () -> clock.withZone(ZoneId.of("Europe/Paris")));
    }
}
