package dev.turnstile.client.sync;

import java.util.concurrent.CompletableFuture;

/**
 * A server's change feed ({@code /changes}, SPEC §8), as a {@link WatchLoop} uses it: only whether
 * something changed after a sequence number, and the latest number. What changed is then found by
 * a pull, so the feed never needs to be read page by page here.
 */
public interface ChangeFeed {

    /**
     * Where the server's index stands.
     *
     * @param index the index's id: another id than before means the index was rebuilt, and
     *     sequence numbers start again
     * @param seq the latest sequence number
     * @param changed how many changes after {@code since} the answer held (at most one is asked
     *     for); 0 when the wait ended without one
     */
    record Answer(String index, long seq, int changed) {
    }

    /**
     * Asks for changes after {@code since}, holding the question on the server up to
     * {@code waitMillis} when there is none yet (a long poll; 0 answers at once). While it is held,
     * the connection answers nothing else.
     *
     * @param since a sequence number, 0 for everything
     * @param waitMillis at most 60000
     * @return the answer; fails with {@link NoChangeFeedException} when the server has no feed,
     *     and with another {@link java.io.IOException} when the connection fails
     */
    CompletableFuture<Answer> changes(long since, long waitMillis);
}
