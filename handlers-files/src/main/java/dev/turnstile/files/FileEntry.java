package dev.turnstile.files;

/**
 * A regular file of the shared folder as one look at it saw it.
 *
 * @param path its path, such as {@code /docs/b.md}
 * @param size its size in bytes
 * @param mtimeNanos its modification time in nanoseconds since the epoch, the hash cache's key
 */
record FileEntry(String path, long size, long mtimeNanos) {

    /** @return the modification time in milliseconds, as answers give it */
    long mtimeMillis() {
        return Math.floorDiv(mtimeNanos, 1_000_000L);
    }
}
