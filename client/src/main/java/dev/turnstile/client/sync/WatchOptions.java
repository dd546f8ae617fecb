package dev.turnstile.client.sync;

/**
 * How a {@link WatchLoop} waits. Immutable: start from {@link #defaults()}.
 *
 * @param pollMillis how long a watch that only pulls holds each {@code /changes} (at most 60000)
 * @param syncPollMillis how long a watch both ways holds each {@code /changes}: while it is held,
 *     the connection cannot carry a push, so this is how long a local change may wait for it
 * @param quietMillis how long the local folder must be left alone after a change before a push
 *     sends it (a file being written is not sent half-written and again)
 * @param heartbeatMillis how often a watch that only pushes asks the server whether it is still
 *     there while nothing changes (so an idle connection is neither closed as idle nor lost unseen)
 * @param firstRetryMillis the first wait before connecting again after a failure
 * @param lastRetryMillis the longest: each wait doubles up to it
 */
public record WatchOptions(long pollMillis, long syncPollMillis, long quietMillis, long heartbeatMillis,
        long firstRetryMillis, long lastRetryMillis) {

    /** The longest wait a server holds a {@code /changes} for (SPEC §8). */
    public static final long MAX_POLL_MILLIS = 60_000;

    /** Checks the values. */
    public WatchOptions {
        if (pollMillis < 0 || pollMillis > MAX_POLL_MILLIS || syncPollMillis < 0 || syncPollMillis > MAX_POLL_MILLIS) {
            throw new IllegalArgumentException("a poll's wait is 0 to 60000 ms");
        }
        if (quietMillis < 0 || heartbeatMillis < 1 || firstRetryMillis < 1 || lastRetryMillis < firstRetryMillis) {
            throw new IllegalArgumentException("quiet >= 0, heartbeat >= 1 and 1 <= first retry <= last retry");
        }
    }

    /**
     * @return polls of 60 s (1 s both ways), a quiet period of 100 ms (the server's
     *     {@code files-quiet} default), a heartbeat every 60 s, retries from 0.5 s doubling to 30 s
     */
    public static WatchOptions defaults() {
        return new WatchOptions(MAX_POLL_MILLIS, 1000, 100, 60_000, 500, 30_000);
    }

    public WatchOptions withQuietMillis(long value) {
        return new WatchOptions(pollMillis, syncPollMillis, value, heartbeatMillis, firstRetryMillis, lastRetryMillis);
    }

    public WatchOptions withRetryMillis(long first, long last) {
        return new WatchOptions(pollMillis, syncPollMillis, quietMillis, heartbeatMillis, first, last);
    }

    public WatchOptions withSyncPollMillis(long value) {
        return new WatchOptions(pollMillis, value, quietMillis, heartbeatMillis, firstRetryMillis, lastRetryMillis);
    }
}
