package dev.turnstile.client.sync;

/**
 * Whether the local folder has changed and been left alone long enough to push: each change
 * starts the period again, as the server's {@code files-quiet} does for the change feed. Times are
 * given by the caller (nanoseconds of one clock), so that it is tested without one. Thread-safe:
 * the watcher's thread reports changes, the loop's thread asks.
 */
final class QuietPeriod {

    private final long quietNanos;
    private boolean pending;
    private long lastChange;

    QuietPeriod(long quietNanos) {
        this.quietNanos = quietNanos;
    }

    synchronized void changed(long now) {
        pending = true;
        lastChange = now;
    }

    synchronized boolean pending() {
        return pending;
    }

    /** @return nanoseconds until the folder counts as quiet: 0 when it does, negative when nothing is pending */
    synchronized long remaining(long now) {
        if (!pending) {
            return -1;
        }
        return Math.max(0, lastChange + quietNanos - now);
    }

    /**
     * Takes the pending change if the folder is quiet: a push starts now, and a change seen from
     * here on starts a new period (and leads to another push).
     *
     * @return whether a push is due
     */
    synchronized boolean take(long now) {
        if (pending && now - lastChange >= quietNanos) {
            pending = false;
            return true;
        }
        return false;
    }

    /** Forgets the pending change: a push that compares everything starts now anyway. */
    synchronized void clear() {
        pending = false;
    }
}
