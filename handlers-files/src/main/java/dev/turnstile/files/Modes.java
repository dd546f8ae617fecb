package dev.turnstile.files;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Permission bits as the protocol carries them: {@code st_mode & 0777} as a JSON integer (420 for
 * 0644). The set-user-ID, set-group-ID and sticky bits do not travel: Java reads and sets the nine
 * permission bits only, and a synced file should not gain privileges anyway.
 */
final class Modes {

    /** The most a mode may be: {@code 0777}. */
    static final int MAX = 0777;

    private Modes() {
    }

    /** @return the permissions of the bits, for {@code Files.setPosixFilePermissions} */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            if ((mode & Look.bit(permission)) != 0) {
                permissions.add(permission);
            }
        }
        return permissions;
    }

    /**
     * The optional {@code "mode"} member of a request.
     *
     * @return the bits, or {@code null} when absent
     * @throws HandlerException 400 for anything but an integer from 0 to 511 (0777) that keeps the
     *     owner's read (0400: the server reads the file back, to hash it and serve it)
     */
    static Integer optional(Request request) throws HandlerException {
        if (!request.has("mode")) {
            return null;
        }
        if (!(request.get("mode") instanceof Long value) || value < 0 || value > MAX) {
            throw HandlerException.badRequest("\"mode\" must be the permission bits as an integer from 0 to 511 (0777),"
                    + " such as 420 for 0644");
        }
        int mode = value.intValue();
        if ((mode & 0400) == 0) {
            throw HandlerException.badRequest("\"mode\" " + Integer.toOctalString(mode) + " must keep the owner's read"
                    + " permission (0400): the server reads the file back as its owner");
        }
        return mode;
    }

    /**
     * The optional {@code "mode"} member of a request that makes a folder.
     *
     * @return the bits, or {@code null} when absent
     * @throws HandlerException 400 for anything but an integer from 448 (0700) to 511 (0777): the
     *     server lists, writes and enters its folders as their owner
     */
    static Integer optionalFolder(Request request) throws HandlerException {
        if (!request.has("mode")) {
            return null;
        }
        if (!(request.get("mode") instanceof Long value) || value < 0 || value > MAX) {
            throw HandlerException.badRequest("\"mode\" must be the folder's permission bits as an integer from 448"
                    + " (0700) to 511 (0777), such as 493 for 0755");
        }
        int mode = value.intValue();
        if ((mode & 0700) != 0700) {
            throw HandlerException.badRequest("\"mode\" " + Integer.toOctalString(mode) + " must keep the owner's read,"
                    + " write and search permissions (0700): the server lists and writes the folder as its owner");
        }
        return mode;
    }
}
