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
 * @param mode its permission bits ({@code st_mode & 0777}, 420 for 0644), or {@link #NO_MODE}
 *     where they are not known (a server that does not list them, a platform without them)
 */
public record FileEntry(String path, long size, long mtimeMillis, String sha256, int mode) {

    /** The {@link #mode} of a file whose permission bits are not known. */
    public static final int NO_MODE = -1;

    /** Checks that nothing is missing; the path's safety is checked where it is used. */
    public FileEntry {
        Objects.requireNonNull(path, "path");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, not " + size);
        }
        if (mode < NO_MODE || mode > 0777) {
            throw new IllegalArgumentException("mode must be permission bits from 0 to 0777, not " + mode);
        }
    }

    /** A file whose permission bits are not known. */
    public FileEntry(String path, long size, long mtimeMillis, String sha256) {
        this(path, size, mtimeMillis, sha256, NO_MODE);
    }

    /** @return this entry with another SHA-256 (its mode kept) */
    FileEntry withSha256(String hash) {
        return new FileEntry(path, size, mtimeMillis, hash, mode);
    }

    /** @return this entry with other permission bits */
    FileEntry withMode(int bits) {
        return new FileEntry(path, size, mtimeMillis, sha256, bits);
    }

    /** @return whether the other entry describes the same content and modification time */
    boolean sameVersion(FileEntry other) {
        return size == other.size && mtimeMillis == other.mtimeMillis && Objects.equals(sha256, other.sha256);
    }
}
