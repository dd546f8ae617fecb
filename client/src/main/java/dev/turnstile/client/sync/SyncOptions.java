package dev.turnstile.client.sync;

/**
 * How a {@link Sync} runs. Immutable: start from {@link #defaults()}.
 *
 * @param delete whether files of the target that the source lacks are deleted (off by default)
 * @param dryRun whether to plan only, changing nothing
 * @param window how many chunk requests may be in flight at once (raw chunks are never held in
 *     memory: they go from the connection's buffer to the file; a base64 chunk is decoded and
 *     written as it comes)
 * @param checkpointBytes how many bytes of a file a pull writes between two resume records
 * @param attempts how many times a file that changes at the source during its transfer is tried
 * @param force whether the target becomes an exact mirror of the source, overwriting and deleting
 *     what it changed or created since the last sync (off by default: such a file is kept, and a
 *     file changed on both sides is kept as a conflict copy; see {@link ConflictRule})
 */
public record SyncOptions(boolean delete, boolean dryRun, int window, long checkpointBytes, int attempts,
        boolean force) {

    /** Checks the values. */
    public SyncOptions {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, not " + window);
        }
        if (checkpointBytes < 1) {
            throw new IllegalArgumentException("checkpointBytes must be positive, not " + checkpointBytes);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
    }

    /** @return no deletes, no dry run, 16 chunks in flight, a resume record every 8 MiB, 3 attempts, no force */
    public static SyncOptions defaults() {
        return new SyncOptions(false, false, 16, 8L << 20, 3, false);
    }

    public SyncOptions withForce(boolean value) {
        return new SyncOptions(delete, dryRun, window, checkpointBytes, attempts, value);
    }

    public SyncOptions withDelete(boolean value) {
        return new SyncOptions(value, dryRun, window, checkpointBytes, attempts, force);
    }

    public SyncOptions withDryRun(boolean value) {
        return new SyncOptions(delete, value, window, checkpointBytes, attempts, force);
    }

    public SyncOptions withWindow(int value) {
        return new SyncOptions(delete, dryRun, value, checkpointBytes, attempts, force);
    }

    public SyncOptions withCheckpointBytes(long value) {
        return new SyncOptions(delete, dryRun, window, value, attempts, force);
    }

    public SyncOptions withAttempts(int value) {
        return new SyncOptions(delete, dryRun, window, checkpointBytes, value, force);
    }
}
