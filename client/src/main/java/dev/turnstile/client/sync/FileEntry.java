package dev.turnstile.client.sync;

import java.util.Objects;

/**
 * One regular file: of the shared folder as the server lists it, or of the local folder.
 *
 * @param path the file's path relative to the shared folder, with {@code /} separators and a
 *     leading {@code /}, as {@code /docs/a.md}
 * @param size the file's size in bytes
 * @param mtimeMillis its modification time, in milliseconds since the epoch
 * @param sha256 the lowercase hex SHA-256 of its content; never {@code null} from a server, and
 *     {@code null} for a local file whose content was not needed
 */
public record FileEntry(String path, long size, long mtimeMillis, String sha256) {

    /** Checks that nothing is missing; the path's safety is checked where it is used. */
    public FileEntry {
        Objects.requireNonNull(path, "path");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, not " + size);
        }
    }

    /** @return whether the other entry describes the same content and modification time */
    boolean sameVersion(FileEntry other) {
        return size == other.size && mtimeMillis == other.mtimeMillis && Objects.equals(sha256, other.sha256);
    }
}
