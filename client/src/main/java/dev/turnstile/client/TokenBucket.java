package dev.turnstile.client;

import java.io.InterruptedIOException;

/**
 * A token bucket of bytes: {@link #take} hands out {@code rate} bytes a second, with bursts of at
 * most {@link #burst()} bytes after a quiet spell. A taker that overdraws waits until the debt is
 * paid back, so over any long stretch the bytes taken stay within the rate. Shared by the
 * connection's reader and its writers; a waiting taker holds no lock.
 */
final class TokenBucket {

    /** Time, and waiting for it to pass: the system's, or a test's manual clock. */
    interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };

    /** The smallest burst: a TLS record, or a few socket reads. */
    static final long MIN_BURST = 16 * 1024;

    private final long rate;
    private final long burst;
    private final Clock clock;
    /** Bytes that may be taken now; negative for a debt. */
    private double tokens;
    private long last;

    /**
     * @param rate bytes per second, at least 1
     * @param clock the time
     */
    TokenBucket(long rate, Clock clock) {
        if (rate < 1) {
            throw new IllegalArgumentException("rate must be at least 1 byte a second, not " + rate);
        }
        this.rate = rate;
        // A tenth of a second's bytes: smooth enough to keep a slow link's queue short.
        this.burst = Math.max(MIN_BURST, rate / 10);
        this.clock = clock;
        this.tokens = burst;
        this.last = clock.nanoTime();
    }

    long rate() {
        return rate;
    }

    /** @return the most bytes taken at once without waiting, after a quiet spell */
    long burst() {
        return burst;
    }

    /** Takes {@code bytes}, waiting first while the bucket is in debt. */
    void take(long bytes) throws InterruptedIOException {
        long wait;
        synchronized (this) {
            long now = clock.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) * (double) rate / 1e9);
            last = now;
            tokens -= bytes;
            wait = tokens >= 0 ? 0 : (long) Math.ceil(-tokens * 1e9 / rate);
        }
        if (wait > 0) {
            try {
                clock.sleepNanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while keeping to the bandwidth limit");
            }
        }
    }
}
