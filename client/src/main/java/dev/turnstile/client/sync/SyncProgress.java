package dev.turnstile.client.sync;

/**
 * Where a sync stands.
 *
 * @param filesDone files copied, touched or deleted so far
 * @param filesTotal files the plan copies, touches or deletes
 * @param bytesDone bytes transferred (or found already in place by a resume) so far
 * @param bytesTotal bytes the plan's copies hold
 * @param currentPath the file being transferred, or {@code null}
 */
public record SyncProgress(int filesDone, int filesTotal, long bytesDone, long bytesTotal, String currentPath) {
}
