package dev.turnstile.client.sync;

/**
 * Hears how a {@link WatchLoop} goes: what it is doing, and each pull or push it ran, as well as
 * everything a {@link SyncListener} hears of those runs. Called from the loop's thread (and the
 * syncs' threads): keep each call short. Every method does nothing by default.
 */
public interface WatchListener extends SyncListener {

    /** A listener that hears nothing. */
    WatchListener NONE = new WatchListener() {
    };

    /**
     * The loop does something else now. Called once per change of state, never again for the same
     * state: a server that refuses twenty tries in a row is one {@link WatchState#RECONNECTING}.
     *
     * @param state what it does now
     * @param detail one sentence: why it reconnects (the failure), or where it is connected
     */
    default void state(WatchState state, String detail) {
    }

    /**
     * A pull or a push ended.
     *
     * @param push whether it was a push
     * @param summary what it did (often nothing: {@code copied 0})
     */
    default void synced(boolean push, SyncSummary summary) {
    }
}
