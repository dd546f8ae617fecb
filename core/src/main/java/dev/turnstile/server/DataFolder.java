package dev.turnstile.server;

import dev.turnstile.startup.StartupException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one place the data folder is created, with the one wording of its failures. */
public final class DataFolder {

    private DataFolder() {
    }

    /**
     * Creates the folder and its parents if they are missing.
     *
     * @param dir the data folder
     * @return it, absolute and normalized
     * @throws StartupException naming the folder and why it cannot be created
     */
    public static Path create(Path dir) throws StartupException {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            return absolute;
        } catch (FileAlreadyExistsException e) {
            throw new StartupException("cannot create data folder " + absolute + ": a file of that name is in the way");
        } catch (IOException e) {
            throw new StartupException("cannot create data folder " + absolute + ": " + reason(e)
                    + "; choose another --data-dir or fix its permissions", e);
        }
    }

    /**
     * @param e a file system failure
     * @return its cause in a few words, without the path the message already names
     */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
