package dev.turnstile.client.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which permission bits a synced file gets: rsync's rule without {@code -p}, with its
 * {@code --executability}. The bits are {@code st_mode & 0777}; set-user-ID, set-group-ID and the
 * sticky bit never travel.
 *
 * <ul>
 *   <li>The source's bits are first masked with the umask: {@code source & ~umask}. For a pull
 *       that is the client's umask (the destination's); for a push it is the client's umask too,
 *       since a server's cannot be seen from a client (a local file made under that umask is
 *       unchanged by it).
 *   <li>A <b>new</b> file gets those bits.
 *   <li>A file that <b>exists</b> at the destination (replaced, or only its attributes put right)
 *       keeps its own read and write bits and gets the masked source's executable bits, each
 *       only where that class (owner, group, others) may read, as rsync's {@code --executability}
 *       does: a change of the executable bits is a change, sent without the content when the
 *       content is equal; a change of read or write bits alone is not.
 *   <li>Where one side's bits are not known (an older server, a platform without them), nothing is
 *       set and nothing is compared: the destination's default stands.
 * </ul>
 */
final class PermissionBits {

    /** What a pushed file's bits must keep: the server reads the file back as its owner. */
    static final int OWNER_READ = 0400;

    private static final int EXECUTABLE = 0111;
    private static final int DEFAULT_UMASK = 022;
    private static final PosixFilePermission[] ORDER = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private PermissionBits() {
    }

    /**
     * The process's umask, read from {@code /proc/self/status} (Linux 4.7 and later); where it
     * cannot be read, 022, the usual one. Java has no call that reads it without changing it.
     */
    static int localUmask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring("Umask:".length()).trim(), 8) & 0777;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or an older one.
        }
        return DEFAULT_UMASK;
    }

    /** @return the files with their bits masked by the umask (unknown bits stay unknown) */
    static SortedMap<String, FileEntry> masked(Map<String, FileEntry> files, int umask) {
        SortedMap<String, FileEntry> masked = new TreeMap<>();
        for (FileEntry file : files.values()) {
            masked.put(file.path(), file.mode() == FileEntry.NO_MODE ? file : file.withMode(file.mode() & ~umask & 0777));
        }
        return masked;
    }

    /** @return the side with its files' bits masked by the umask */
    static SyncPlan.Side masked(SyncPlan.Side side, int umask) {
        return new SyncPlan.Side(masked(side.files(), umask), side.folders(), side.others(), side.refused());
    }

    /**
     * @return whether the destination's file already has the executable bits the source gives it
     *     ({@link #wanted}), or either side's bits are not known
     */
    static boolean sameExecutable(FileEntry source, FileEntry target) {
        return source.mode() == FileEntry.NO_MODE || target.mode() == FileEntry.NO_MODE
                || wanted(source, target) == target.mode();
    }

    /**
     * @param source the source's file, its bits already {@link #masked}
     * @param target the destination's file, or {@code null} for a new one
     * @return the bits the destination's file must get, or {@link FileEntry#NO_MODE} to leave them
     */
    static int wanted(FileEntry source, FileEntry target) {
        if (source.mode() == FileEntry.NO_MODE) {
            return FileEntry.NO_MODE;
        }
        if (target == null || target.mode() == FileEntry.NO_MODE) {
            return source.mode();
        }
        int readWrite = target.mode() & ~EXECUTABLE & 0777;
        // rsync's --executability: an executable bit only where that class may read.
        return readWrite | (source.mode() & EXECUTABLE & (readWrite & 0444) >> 2);
    }

    /** @return what a dry run says a {@link SyncPlan.Kind#TOUCH} changes */
    static String describeTouch(SyncPlan.Action action) {
        boolean time = action.source().mtimeMillis() != action.target().mtimeMillis();
        boolean bits = !sameExecutable(action.source(), action.target());
        if (time && bits) {
            return "new modification time and executable bits";
        }
        return bits ? "new executable bits" : "new modification time";
    }

    /** @return the bits of a file's attributes as read, or {@link FileEntry#NO_MODE} where they are not POSIX */
    static int of(BasicFileAttributes attributes) {
        return attributes instanceof PosixFileAttributes posix ? bits(posix.permissions()) : FileEntry.NO_MODE;
    }

    /** @return the bits of the file itself (never a link's target), or {@link FileEntry#NO_MODE} */
    static int read(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        return view == null ? FileEntry.NO_MODE : bits(view.readAttributes().permissions());
    }

    /** Sets a file's bits, never through a link; does nothing where the platform has no POSIX bits. */
    static void set(Path file, int mode) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view != null && mode != FileEntry.NO_MODE) {
            view.setPermissions(permissions(mode));
        }
    }

    static int bits(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int bit = 0; bit < ORDER.length; bit++) {
            if (permissions.contains(ORDER[bit])) {
                mode |= 1 << bit;
            }
        }
        return mode;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < ORDER.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(ORDER[bit]);
            }
        }
        return permissions;
    }
}
