package dev.turnstile.client.sync;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The block hashes of one version of a server's file ({@code /get_blocks}): the SHA-256 of each
 * block of {@link #blockBytes} bytes, the last one shorter, 32 raw bytes each, in order.
 *
 * @param file the version they are of
 * @param blockBytes the size of every block but the last
 * @param hashes {@link #count()} × 32 bytes
 */
record BlockList(FileEntry file, int blockBytes, byte[] hashes) {

    /** The size of one block hash. */
    static final int HASH_BYTES = 32;

    /** Checks that the hashes cover the file exactly. */
    BlockList {
        if (blockBytes < 1) {
            throw new IllegalArgumentException("blocks must have a positive size, not " + blockBytes);
        }
        long count = (file.size() + blockBytes - 1) / blockBytes;
        if (hashes.length != count * HASH_BYTES) {
            throw new IllegalArgumentException(hashes.length + " bytes of block hashes for " + count + " blocks of "
                    + file.path());
        }
    }

    /** @return how many blocks the file has */
    int count() {
        return hashes.length / HASH_BYTES;
    }

    /** @return where block {@code index} begins */
    long offset(int index) {
        return (long) index * blockBytes;
    }

    /** @return how many bytes block {@code index} has */
    int length(int index) {
        return (int) Math.min(blockBytes, file.size() - offset(index));
    }

    /**
     * @param digested the SHA-256 of some block-sized bytes, 32 bytes from {@code from}
     * @return whether they are block {@code index}'s hash
     */
    boolean matches(int index, byte[] digested, int from) {
        return Arrays.equals(hashes, index * HASH_BYTES, (index + 1) * HASH_BYTES, digested, from, from + HASH_BYTES);
    }

    /** @return the SHA-256 of block {@code index}, as the server computed it */
    byte[] hash(int index) {
        return Arrays.copyOfRange(hashes, index * HASH_BYTES, (index + 1) * HASH_BYTES);
    }

    /** Hashes {@code length} bytes of {@code bytes} from {@code from} into {@code out} at 0, with {@code sha}. */
    static void digest(MessageDigest sha, byte[] bytes, int from, int length, byte[] out) {
        sha.update(bytes, from, length);
        try {
            sha.digest(out, 0, HASH_BYTES);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("a 32-byte buffer takes a SHA-256", e);
        }
    }
}
