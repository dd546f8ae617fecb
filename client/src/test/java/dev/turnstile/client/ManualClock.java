package dev.turnstile.client;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when someone sleeps on it, by exactly that long: waits are counted, never spent. */
final class ManualClock implements TokenBucket.Clock {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicLong slept = new AtomicLong();

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void sleepNanos(long nanos) {
        slept.addAndGet(nanos);
        now.addAndGet(nanos);
    }

    void advance(long nanos) {
        now.addAndGet(nanos);
    }

    long sleptNanos() {
        return slept.get();
    }
}
