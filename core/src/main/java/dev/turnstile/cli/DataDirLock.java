package dev.turnstile.cli;

import dev.turnstile.server.DataFolder;
import dev.turnstile.startup.StartupException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one server per data folder: holds an exclusive lock on {@code <data-dir>/turnstile.lock}
 * for the server's life. The operating system releases the lock when the process ends, however
 * it ends, so a crash never leaves a stale lock behind. The file itself stays; it holds the
 * process id of the server that last held it, for the operator.
 */
final class DataDirLock implements AutoCloseable {

    static final String FILE_NAME = "turnstile.lock";

    private static final Logger LOG = LoggerFactory.getLogger(DataDirLock.class);

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the folder if needed ({@link DataFolder#create}) and locks it.
     *
     * @param dir the data folder, absolute
     * @return the held lock
     * @throws StartupException when the folder cannot be created or written, or another server
     *     holds the lock
     */
    static DataDirLock acquire(Path dir) throws StartupException {
        DataFolder.create(dir);
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StartupException("data folder " + dir + " is not writable: " + DataFolder.reason(e));
        }
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new StartupException("data folder " + dir + " is in use by another Turnstile server (lock file "
                        + file + ")");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            return new DataDirLock(dir, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartupException("cannot lock data folder " + dir + ": " + DataFolder.reason(e));
        }
    }

    /** @return the locked folder */
    Path dir() {
        return dir;
    }

    /** Releases the lock; the file stays, so that the next server locks the same file. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The process is about to end, and that releases the lock anyway.
            LOG.warn("cannot release the lock on {}: {}", dir.resolve(FILE_NAME), DataFolder.reason(e));
            closeQuietly(channel);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // This very process already holds it: another server in the same JVM is the same conflict.
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The lock failed already; that is the error worth reporting.
        }
    }
}
