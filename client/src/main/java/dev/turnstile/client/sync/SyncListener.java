package dev.turnstile.client.sync;

/**
 * Hears how a {@link Sync} goes. Called from the sync's threads, often (once per chunk): keep
 * each call short and do not block. Every method does nothing by default.
 */
public interface SyncListener {

    /** A listener that hears nothing. */
    SyncListener NONE = new SyncListener() {
    };

    /**
     * The comparison is done; the transfer starts (or, for a dry run, nothing more happens).
     *
     * @param plan what will happen
     */
    default void planned(SyncPlan plan) {
    }

    /**
     * Something moved.
     *
     * @param progress where the sync stands
     */
    default void progress(SyncProgress progress) {
    }

    /**
     * One path could not be synced; the sync goes on with the others.
     *
     * @param path the path
     * @param reason why, as one sentence
     */
    default void problem(String path, String reason) {
    }
}
