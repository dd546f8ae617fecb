package dev.turnstile.client.sync;

import java.util.Objects;

/**
 * An upload the server has begun: chunks go to it by {@link #id}, and nothing appears in the
 * shared folder before {@link RemoteFolder#commit}.
 *
 * @param id the server's name for this upload
 * @param resumeFrom how many leading bytes the server already holds for this same file (same
 *     path, size and SHA-256) from an earlier, interrupted upload; 0 when it starts afresh
 */
public record Upload(String id, long resumeFrom) {

    /** Checks the values. */
    public Upload {
        Objects.requireNonNull(id, "id");
        if (resumeFrom < 0) {
            throw new IllegalArgumentException("resumeFrom must not be negative, not " + resumeFrom);
        }
    }
}
