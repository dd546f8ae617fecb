package dev.turnstile.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A clock the test moves, in nanoseconds like {@link System#nanoTime()}. Safe to read from the
 * server thread while a test thread moves it; starts away from zero, as the real one may.
 */
final class ManualClock implements LongSupplier {

    private final AtomicLong now = new AtomicLong(-7_000_000_000L);

    @Override
    public long getAsLong() {
        return now.get();
    }

    long now() {
        return now.get();
    }

    void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
