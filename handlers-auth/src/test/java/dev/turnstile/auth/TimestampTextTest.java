package dev.turnstile.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Expected values are what Python's {@code str(datetime)} prints for the same moments. */
class TimestampTextTest {

    @Test
    void microsecondsArePrintedWithSixDigits() {
        assertEquals("2022-08-26 12:09:22.563332", TimestampText.of(Instant.parse("2022-08-26T12:09:22.563332Z")));
        assertEquals("1999-12-31 23:59:59.000001", TimestampText.of(Instant.parse("1999-12-31T23:59:59.000001Z")));
    }

    @Test
    void nanosecondsBeyondTheMicrosecondAreTruncated() {
        assertEquals("2022-08-26 12:09:22.563332", TimestampText.of(Instant.parse("2022-08-26T12:09:22.563332999Z")));
    }

    @Test
    void fractionIsLeftOutWhenTheMicrosecondsAreZero() {
        assertEquals("2024-01-02 03:04:05", TimestampText.of(Instant.parse("2024-01-02T03:04:05Z")));
        assertEquals("2024-01-02 03:04:05", TimestampText.of(Instant.parse("2024-01-02T03:04:05.000000999Z")));
    }

    @Test
    void timeIsInUtcAndYearsHaveFourDigits() {
        assertEquals("0999-01-02 03:04:05.000060", TimestampText.of(Instant.parse("0999-01-02T05:04:05.00006+02:00")));
    }
}
