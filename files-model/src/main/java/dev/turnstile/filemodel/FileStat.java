package dev.turnstile.filemodel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A regular file as one look at it saw it: what the quick check of the {@link HashCache}
 * compares. Size and modification time are always known. The change time (ctime, which every
 * write and every change of the modification time moves, and which no program can set back) and
 * the file's identity (device and inode on Unix, Java's {@link BasicFileAttributes#fileKey()})
 * are known where the platform gives them:
 * <ul>
 * <li>{@link #read}, a look by path, gives both on Linux and macOS (the {@code unix} attribute
 *     view), neither on Windows;
 * <li>{@link #of} gives what {@link BasicFileAttributes} hold: the identity on Unix, no change
 *     time. That is all a look through a directory handle ({@code SecureDirectoryStream}) gets.
 * </ul>
 *
 * @param path the file's path in the shared folder, such as {@code /docs/b.md}
 * @param size its size in bytes
 * @param mtimeNanos its modification time in nanoseconds since the epoch
 * @param ctimeNanos its change time in nanoseconds since the epoch, or {@link #UNKNOWN}
 * @param fileKey its identity as text, such as {@code (dev=fe00,ino=2146658)}, or {@code null}
 *     when unknown
 */
public record FileStat(String path, long size, long mtimeNanos, long ctimeNanos, String fileKey) {

    /** The change time of a look that could not see it. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private static final String UNIX_ATTRIBUTES = "unix:size,lastModifiedTime,ctime,fileKey,isRegularFile";

    /** Checks the values; a file key holding white space or nothing is taken as unknown. */
    public FileStat {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, not " + size);
        }
        if (fileKey != null && (fileKey.isEmpty() || fileKey.chars().anyMatch(c -> c <= ' '))) {
            fileKey = null;
        }
    }

    /**
     * What basic attributes (an lstat through any API) give: size, modification time, and the
     * identity where the platform has one; no change time.
     */
    public static FileStat of(String path, BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return new FileStat(path, attributes.size(), nanos(attributes.lastModifiedTime()), UNKNOWN,
                key == null ? null : key.toString());
    }

    /**
     * Looks at a file by its path without following a link at its end, with every attribute the
     * platform gives.
     *
     * @param path the file's path in the shared folder, for the result
     * @param file where it is
     * @return the file, or {@code null} when nothing is there or it is not a regular file (a
     *     folder, a link, a special file)
     */
    public static FileStat read(String path, Path file) throws IOException {
        try {
            Map<String, Object> unix;
            try {
                unix = Files.readAttributes(file, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
                BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return basic.isRegularFile() ? of(path, basic) : null;
            }
            if (!Boolean.TRUE.equals(unix.get("isRegularFile"))) {
                return null;
            }
            Object key = unix.get("fileKey");
            return new FileStat(path, (Long) unix.get("size"), nanos((FileTime) unix.get("lastModifiedTime")),
                    unix.get("ctime") instanceof FileTime ctime ? nanos(ctime) : UNKNOWN, key == null ? null : key.toString());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** @return whether the change time is known */
    public boolean hasCtime() {
        return ctimeNanos != UNKNOWN;
    }

    /** @return the modification time in milliseconds, as the protocol gives it */
    public long mtimeMillis() {
        return Math.floorDiv(mtimeNanos, 1_000_000L);
    }

    /** @return the later of the modification and the change time, of those known */
    long lastChangeNanos() {
        return hasCtime() ? Math.max(mtimeNanos, ctimeNanos) : mtimeNanos;
    }

    /**
     * The quick check: same path, size and modification time, and the same change time and
     * identity where both looks know them.
     */
    public boolean matches(FileStat now) {
        return path.equals(now.path) && size == now.size && mtimeNanos == now.mtimeNanos
                && (!hasCtime() || !now.hasCtime() || ctimeNanos == now.ctimeNanos)
                && (fileKey == null || now.fileKey == null || fileKey.equals(now.fileKey));
    }

    /**
     * The quick check that may stand in for reading the file where an overwrite depends on it:
     * {@link #matches}, and both looks know the change time and the identity. Size and times
     * alone are not enough there: a same-size edit whose modification time was put back passes
     * them, and only the change time (or the content) tells.
     */
    public boolean matchesFully(FileStat now) {
        return hasCtime() && now.hasCtime() && fileKey != null && now.fileKey != null && matches(now);
    }

    /** @return how many of the optional fields (change time, identity) this look knows */
    int known() {
        return (hasCtime() ? 1 : 0) + (fileKey != null ? 1 : 0);
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }
}
