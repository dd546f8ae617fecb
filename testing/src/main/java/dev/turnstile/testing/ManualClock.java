package dev.turnstile.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A {@link Clock} that stands still until the test moves it, in UTC: for a plugin that reads the
 * wall-clock time (a timestamp in a token, a file's age) through a clock its constructor takes.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 * clock.advance(Duration.ofMinutes(5));
 * }</pre>
 */
public final class ManualClock extends Clock {

    private volatile Instant now;

    private ManualClock(Instant start) {
        this.now = start;
    }

    /**
     * @param start the time it shows until moved
     * @return the clock
     */
    public static ManualClock at(Instant start) {
        return new ManualClock(Objects.requireNonNull(start, "start"));
    }

    /**
     * Moves the clock forward (or, with a negative duration, back, as a wall clock may be set).
     *
     * @param by how far
     */
    public void advance(Duration by) {
        now = now.plus(by);
    }

    /**
     * Sets the clock.
     *
     * @param instant the time it shows from now on
     */
    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** @throws UnsupportedOperationException always: a manual clock stays in UTC */
    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a manual clock stays in UTC");
    }
}
