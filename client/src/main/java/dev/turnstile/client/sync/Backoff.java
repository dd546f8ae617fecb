package dev.turnstile.client.sync;

/**
 * The waits between tries to reach a server: the first, then each twice the last, up to a cap;
 * {@link #reset} once a try succeeds. Pure: it says how long, the caller waits.
 */
final class Backoff {

    private final long firstMillis;
    private final long lastMillis;
    private long next;

    Backoff(long firstMillis, long lastMillis) {
        this.firstMillis = firstMillis;
        this.lastMillis = lastMillis;
        this.next = firstMillis;
    }

    /** @return how long to wait before the next try */
    long nextMillis() {
        long now = next;
        next = Math.min(lastMillis, next * 2);
        return now;
    }

    void reset() {
        next = firstMillis;
    }
}
