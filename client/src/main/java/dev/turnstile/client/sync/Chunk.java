package dev.turnstile.client.sync;

import java.util.Objects;

/**
 * Bytes read from a file of the shared folder, with the file as the server saw it while reading
 * them: a sync compares {@code file} across a file's chunks to notice a change during a transfer.
 *
 * @param data the bytes: {@code min(length, size - offset)} of them
 * @param file the file's path, size, modification time and SHA-256 at the time of the read
 */
public record Chunk(byte[] data, FileEntry file) {

    /** Checks that nothing is missing. */
    public Chunk {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(file, "file");
    }
}
