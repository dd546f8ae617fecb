package dev.turnstile.files;

import java.util.HexFormat;

/**
 * One entry of the {@link FolderIndex}, copied out of its table: a file, a folder, or the tombstone
 * of either.
 *
 * @param path its path, such as {@code /docs/b.md}
 * @param folder whether it is (or was) a folder
 * @param deleted whether it is a tombstone
 * @param size the file's size (0 for a folder or a tombstone)
 * @param mtimeNanos the file's modification time in nanoseconds since the epoch
 * @param device its device number, 0 when unknown
 * @param inode its inode number, or {@link Look#UNKNOWN}
 * @param mode its permission bits, or {@link Look#UNKNOWN_MODE}
 * @param sha256 the content's SHA-256, 32 bytes, or {@code null} (a folder, a tombstone)
 * @param seq the sequence number of its last change
 * @param racy whether the hash was taken less than 2 seconds after the file's last change
 */
record IndexEntry(String path, boolean folder, boolean deleted, long size, long mtimeNanos, long device, long inode,
        int mode, byte[] sha256, long seq, boolean racy) {

    /** @return the hash as the protocol writes it, 64 lowercase hex digits, or {@code null} */
    String sha256Hex() {
        return sha256 == null ? null : HexFormat.of().formatHex(sha256);
    }

    /** @return the modification time in milliseconds, as the protocol gives it */
    long mtimeMillis() {
        return Math.floorDiv(mtimeNanos, 1_000_000L);
    }

    /** @return whether a look at the file finds it as the index has it (content only: the mode aside) */
    boolean matches(Look look) {
        return !deleted && look.sameContent(new Look(path, folder, size, mtimeNanos, device, inode, mode));
    }

    /** @return the entry as a look, for a file the index has */
    Look look() {
        return new Look(path, folder, size, mtimeNanos, device, inode, mode);
    }
}
