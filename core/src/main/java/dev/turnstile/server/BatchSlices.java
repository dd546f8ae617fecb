package dev.turnstile.server;

/**
 * When a connection's pipeline stops answering to let the answers so far be written: a client that
 * pipelines sends its next requests once enough answers are back, so a batch as large as its last
 * one is answered in two halves, each written as soon as it is ready, and the client reads (and
 * sends again) while the server answers the rest. A sequential client, or batches under
 * {@code 2 * MIN_SLICE} requests, are never cut (docs/performance.md has the measurements).
 */
final class BatchSlices {

    /** The smallest slice: a batch of fewer than twice this many requests is answered in one go. */
    static final int MIN_SLICE = 16;

    /** Requests answered since the last read: the size of the client's last batch. */
    private int answeredSinceRead;
    /** How many requests one serve answers before it yields for a write. */
    private int slice = Integer.MAX_VALUE;

    /** A read brought bytes: a new batch begins, sliced by the size of the last one. */
    void read() {
        slice = answeredSinceRead >= 2 * MIN_SLICE ? answeredSinceRead / 2 : Integer.MAX_VALUE;
        answeredSinceRead = 0;
    }

    /** One more request of the batch was answered. */
    void answered() {
        answeredSinceRead++;
    }

    /**
     * @param answeredThisServe requests answered since the serve began
     * @return whether the serve should yield now so that its answers are written
     */
    boolean full(int answeredThisServe) {
        return answeredThisServe == slice;
    }
}
