package dev.turnstile.files;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * Tells a full disk from other write errors. Java gives no errno: a full disk ({@code ENOSPC}) or
 * an exhausted quota ({@code EDQUOT}) comes as an {@link IOException} whose message, or whose
 * {@link FileSystemException#getReason() reason}, is the system's sentence for it.
 */
final class DiskFull {

    private DiskFull() {
    }

    /** @return whether the write failed for want of space */
    static boolean is(IOException e) {
        String text = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        return text != null && (text.contains("No space left on device") || text.contains("Disk quota exceeded"));
    }
}
