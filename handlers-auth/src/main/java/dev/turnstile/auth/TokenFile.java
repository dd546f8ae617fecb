package dev.turnstile.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file {@code <data-dir>/connection/TOKEN}: exactly the 64 characters of the current token,
 * no newline, readable by the owner only (0600 in a 0700 folder where the file system has POSIX
 * permissions).
 *
 * <p>Each write goes to a temporary file in the same folder, created with the owner-only
 * permissions from the start so that the token is never readable by others, and is then renamed
 * over {@code TOKEN} atomically: a reader sees the old token or the new one, never a mix. A failed
 * write deletes its temporary file; temporary files left by a crash are deleted by
 * {@link #open(Path)}.
 */
final class TokenFile implements TokenStore {

    static final String FOLDER = "connection";
    static final String NAME = "TOKEN";

    private static final Logger LOG = LoggerFactory.getLogger(TokenFile.class);
    private static final String TEMP_PREFIX = ".TOKEN-";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private Path folder;
    private boolean posix;

    @Override
    public void open(Path dataDir) throws IOException {
        Path candidate = dataDir.resolve(FOLDER);
        posix = dataDir.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            createFolder(candidate);
            removeLeftovers(candidate);
            Path probe = createTemporary(candidate);
            Files.writeString(probe, "probe", StandardCharsets.US_ASCII);
            Files.delete(probe);
        } catch (IOException e) {
            throw unusable(candidate, e);
        }
        folder = candidate;
    }

    @Override
    public void write(String token) throws IOException {
        if (folder == null) {
            throw new IllegalStateException("the token file is written before it was opened");
        }
        Path temporary = createTemporary(folder);
        try {
            Files.writeString(temporary, token, StandardCharsets.US_ASCII);
            Files.move(temporary, path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public void remove() {
        if (folder == null) {
            return;
        }
        try {
            Files.deleteIfExists(path());
        } catch (IOException e) {
            LOG.warn("could not remove the token file {}: {}", path(), e.toString());
        }
    }

    /** @return the TOKEN file; only meaningful after {@link #open(Path)} */
    Path path() {
        return folder.resolve(NAME);
    }

    private void createFolder(Path candidate) throws IOException {
        if (!posix) {
            Files.createDirectories(candidate);
            return;
        }
        Files.createDirectories(candidate, PosixFilePermissions.asFileAttribute(FOLDER_MODE));
        // An existing folder, or one created under a loose umask, may be readable by others.
        Files.setPosixFilePermissions(candidate, FOLDER_MODE);
    }

    private static void removeLeftovers(Path candidate) throws IOException {
        Files.deleteIfExists(candidate.resolve(NAME));
        try (DirectoryStream<Path> temporaries = Files.newDirectoryStream(candidate, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path temporary : temporaries) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    private Path createTemporary(Path in) throws IOException {
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                : new FileAttribute<?>[0];
        return Files.createTempFile(in, TEMP_PREFIX, TEMP_SUFFIX, attributes);
    }

    private static IOException unusable(Path candidate, IOException cause) {
        if (cause instanceof FileAlreadyExistsException || cause instanceof NotDirectoryException) {
            return new IOException("cannot keep the token in " + candidate + ": a file that is not a folder is in the way;"
                    + " remove it or choose another data-dir", cause);
        }
        String reason = cause instanceof AccessDeniedException ? "permission denied"
                : cause instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : cause.getMessage();
        return new IOException("cannot write the token folder " + candidate + " (" + reason + ");"
                + " make it writable for the user running Turnstile or choose another data-dir", cause);
    }
}
