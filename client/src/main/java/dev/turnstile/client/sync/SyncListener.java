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
     * @param path the path, as it is (it may hold any character but {@code /}: escape it with
     *     {@link dev.turnstile.filemodel.SharePath#escape} before printing it)
     * @param reason why, as one sentence
     */
    default void problem(String path, String reason) {
    }

    /**
     * A path the filters left out (docs/clients.md, "Filters"): neither sent nor deleted. Only the
     * topmost of an excluded folder's paths is told. Called before {@link #planned}, in path order.
     *
     * @param path the excluded file or folder (escape it before printing it)
     * @param folder whether it is a folder
     */
    default void excluded(String path, boolean folder) {
    }

    /**
     * Something worth one line that is not a path's problem: for example that the hash cache in
     * {@code .turnstile/} was torn or foreign and is rebuilt (every file is hashed again).
     *
     * @param message one sentence
     */
    default void notice(String message) {
    }
}
