package dev.turnstile.files;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.concurrent.TimeUnit;

/**
 * A file or a folder of the shared folder as one look at it (an lstat through a folder handle)
 * saw it: what the index keeps of it besides its hash, and what its quick check compares. Such a
 * look gives no change time (Java's folder handles do not), so the identity (device and inode) is
 * what tells a file replaced by another of the same size and time.
 *
 * @param path its path in the shared folder, such as {@code /docs/b.md}
 * @param folder whether it is a folder
 * @param size its size in bytes (0 for a folder)
 * @param mtimeNanos its modification time, nanoseconds since the epoch
 * @param device its device number, or 0 when unknown
 * @param inode its inode number, or {@link #UNKNOWN} when the platform gives none
 * @param mode its permission bits ({@code st_mode & 0777}), or {@link #UNKNOWN_MODE}
 */
record Look(String path, boolean folder, long size, long mtimeNanos, long device, long inode, int mode) {

    /** An inode the look could not see. */
    static final long UNKNOWN = -1;
    /** Permission bits the platform does not have (no POSIX attributes). */
    static final int UNKNOWN_MODE = -1;

    /**
     * @param path the path the attributes belong to
     * @param attributes an lstat's attributes: {@link PosixFileAttributes} where the platform has
     *     them (the mode), else basic ones
     */
    static Look of(String path, BasicFileAttributes attributes) {
        long device = 0;
        long inode = UNKNOWN;
        Object key = attributes.fileKey();
        if (key != null) {
            // Unix gives "(dev=<hex>,ino=<decimal>)"; anything else is kept as unknown.
            String text = key.toString();
            int dev = text.indexOf("dev=");
            int ino = text.indexOf(",ino=");
            if (dev >= 0 && ino > dev && text.endsWith(")")) {
                try {
                    device = Long.parseUnsignedLong(text.substring(dev + 4, ino), 16);
                    inode = Long.parseLong(text.substring(ino + 5, text.length() - 1));
                } catch (NumberFormatException e) {
                    device = 0;
                    inode = UNKNOWN;
                }
            }
        }
        int mode = attributes instanceof PosixFileAttributes posix ? mode(posix) : UNKNOWN_MODE;
        boolean folder = attributes.isDirectory();
        return new Look(path, folder, folder ? 0 : attributes.size(), nanos(attributes.lastModifiedTime()), device,
                inode, mode);
    }

    private static int mode(PosixFileAttributes attributes) {
        int mode = 0;
        for (PosixFilePermission permission : attributes.permissions()) {
            mode |= bit(permission);
        }
        return mode;
    }

    /** @return the bit of {@code st_mode} that stands for the permission, such as 0400 for the owner's read */
    static int bit(PosixFilePermission permission) {
        return 1 << (8 - permission.ordinal()); // OWNER_READ is first: 0400, ..., OTHERS_EXECUTE 0001
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }

    /** @return the modification time in milliseconds, as the protocol gives it */
    long mtimeMillis() {
        return Math.floorDiv(mtimeNanos, 1_000_000L);
    }

    /**
     * The quick check of content: the same kind, size and modification time, and the same identity
     * where both looks know it. The mode is left out: a change of permissions alone keeps the
     * content, and its hash.
     */
    boolean sameContent(Look other) {
        return folder == other.folder && size == other.size && mtimeNanos == other.mtimeNanos
                && (inode == UNKNOWN || other.inode == UNKNOWN || inode == other.inode && device == other.device);
    }
}
