package dev.turnstile.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.turnstile.filemodel.SharePath;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared folder, reached only through directory handles: every path is resolved one name at a
 * time relative to an open folder ({@code openat} with {@code O_NOFOLLOW} underneath
 * {@link SecureDirectoryStream}), so a link anywhere in a path, including one swapped in after a
 * check, fails the open instead of leading outside. Every open of a name goes through the
 * {@link OpenGuard}, since a FIFO swapped in would block it; an opened file is checked on its handle.
 * Safe to use from several threads: each call opens and closes its own handles below the root's.
 */
final class ConfinedRoot implements Closeable {

    /** Names of the plugin's temporaries in the shared folder; listings skip them, urls refuse them. */
    static final String HIDDEN_PREFIX = ".turnstile-upload-";

    private static final Logger LOG = LoggerFactory.getLogger(ConfinedRoot.class);
    /** Looks (lstat) and opens made in shared folders by this process, for the test that counts them. */
    private static final LongAdder CALLS = new LongAdder();
    private static final Path HERE = Path.of(".");

    private final Path path;
    private final SecureDirectoryStream<Path> handle;
    private final OpenGuard guard;
    private final OnceLog cannotOpen = new OnceLog();
    private volatile FolderMaker maker;

    private ConfinedRoot(Path path, SecureDirectoryStream<Path> handle, OpenGuard guard) {
        this.path = path;
        this.handle = handle;
        this.guard = guard;
    }

    /**
     * @param folder the shared folder, which exists
     * @param guard bounds every open below the root
     * @return the root, holding a handle on the folder
     * @throws IOException when it cannot be opened
     * @throws UnsupportedOperationException when the platform has no {@link SecureDirectoryStream}
     */
    static ConfinedRoot open(Path folder, OpenGuard guard) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(folder);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return new ConfinedRoot(folder, secure, guard);
        }
        stream.close();
        throw new UnsupportedOperationException("this platform cannot open files relative to a folder handle"
                + " (no SecureDirectoryStream), so links inside " + folder + " could lead outside it");
    }

    /** Lets uploads make missing folders, recording the hidden ones in {@code temporaries}. */
    void makeFoldersWith(Temporaries temporaries) {
        maker = new FolderMaker(path, handle, temporaries);
    }

    /**
     * Makes the folder {@code name} in {@code parent} where no link can redirect it (see
     * {@link FolderMaker}); a folder that appeared there meanwhile is kept as it is.
     */
    void makeFolder(SecureDirectoryStream<Path> parent, String name) throws IOException {
        maker.make(parent, name);
    }

    /** Forces a folder's names to disk, so a name made or removed in it is durable before it is answered. */
    static void force(SecureDirectoryStream<Path> folder) {
        try (var channel = (FileChannel) folder.newByteChannel(HERE, Set.of(StandardOpenOption.READ))) {
            channel.force(true);
        } catch (IOException e) {
            // A folder that cannot be forced (some network file systems): the change happened.
        }
    }

    /** @return the folder as configured; for messages and the folder's fsync only */
    Path path() {
        return path;
    }

    /**
     * Looks at a file without following links.
     *
     * @return the regular file, or {@code null} when there is none at that path (missing, a
     *     folder, a link, a special file, or a link among its folders)
     */
    Look stat(SharePath file) throws IOException {
        try (SecureDirectoryStream<Path> folder = openFolder(file.parents(), false, file.text())) {
            return folder == null ? null : statIn(folder, file.text(), file.name());
        }
    }

    /**
     * Looks at a file or a folder without following links.
     *
     * @return the regular file or folder, or {@code null} when there is none at that path (missing,
     *     a link, a special file, or a link among its folders)
     */
    Look look(SharePath path) throws IOException {
        try (SecureDirectoryStream<Path> folder = openFolder(path.parents(), false, path.text())) {
            BasicFileAttributes attributes = folder == null ? null : attributes(folder, path.name());
            return attributes == null || !attributes.isRegularFile() && !attributes.isDirectory() ? null
                    : Look.of(path.text(), attributes);
        }
    }

    /**
     * Opens a regular file for reading, never through a link, and checks on the open handle that it
     * is a regular file: a FIFO or a folder swapped in between the look and the open fails a
     * positioned read.
     *
     * @return the open file and what it was when opened, or {@code null} when there is no regular
     *     file at that path (or what is there cannot be opened: a link swapped in, no permission)
     */
    Opened openRead(SharePath file) throws IOException {
        try (SecureDirectoryStream<Path> folder = openFolder(file.parents(), false, file.text())) {
            if (folder == null) {
                return null;
            }
            // Looking first keeps a FIFO from being opened at all, in the usual case; O_NOFOLLOW
            // then refuses a link swapped in since, and the guard bounds an open that a FIFO
            // swapped in blocks.
            Look entry = statIn(folder, file.text(), file.name());
            if (entry == null) {
                return null;
            }
            FileChannel channel;
            CALLS.increment();
            try {
                channel = (FileChannel) guard.open(folder, file.name(), file.text(),
                        () -> folder.newByteChannel(name(file.name()), Set.of(StandardOpenOption.READ, NOFOLLOW_LINKS)));
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                // ELOOP comes as a plain IOException ("... (NOFOLLOW_LINKS specified)"): a link took
                // the file's place. EACCES and the like: not something the folder can serve.
                if (cannotOpen.first(file.text())) {
                    LOG.info("cannot open {} in the shared folder, answered as missing: {}",
                            SharePath.quote(file.text()), e.getMessage());
                }
                return null;
            }
            if (!isRegularFile(channel)) {
                channel.close();
                return null; // a FIFO or a folder took the file's place between the look and the open
            }
            if (channel.size() != entry.size()) {
                // Written (or replaced) between the look and the open: look again, so the entry
                // describes what was opened as well as a look can; a reader of it finds out the rest.
                entry = statIn(folder, file.text(), file.name());
                if (entry == null) {
                    channel.close();
                    return null;
                }
            }
            return new Opened(entry, channel);
        }
    }

    /** A positioned read fails with ESPIPE on a FIFO and EISDIR on a folder; a regular file reads, or is at its end. */
    private static boolean isRegularFile(FileChannel channel) {
        try {
            channel.read(ByteBuffer.allocate(1), 0);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Opens the folders of a path from the root, one name at a time, never through a link.
     *
     * @param folders the names below the root
     * @param create whether to create missing folders (for uploads), see {@link FolderMaker}
     * @param what the whole path, for the guard's answer and the log
     * @return the innermost folder's handle, which the caller closes, or {@code null} when one of
     *     them is missing (and not created), not a folder, or a link
     */
    SecureDirectoryStream<Path> openFolder(List<String> folders, boolean create, String what) throws IOException {
        CALLS.increment();
        SecureDirectoryStream<Path> current = handle.newDirectoryStream(HERE, NOFOLLOW_LINKS);
        for (String name : folders) {
            SecureDirectoryStream<Path> next;
            try {
                BasicFileAttributes attributes = attributes(current, name);
                if (attributes == null && create) {
                    maker.make(current, name);
                    attributes = attributes(current, name);
                }
                next = attributes != null && attributes.isDirectory() ? openChild(current, name, what) : null;
            } catch (NoSuchFileException e) {
                next = null;
            } catch (FileSystemException e) {
                next = null; // ELOOP or ENOTDIR: a link or a file took the folder's place
            } finally {
                current.close();
            }
            if (next == null) {
                return null;
            }
            current = next;
        }
        return current;
    }

    /** Opens a folder in a folder without following a link, bounded by the guard. */
    SecureDirectoryStream<Path> openChild(SecureDirectoryStream<Path> folder, String name, String what)
            throws IOException {
        CALLS.increment();
        return guard.open(folder, name, what, () -> folder.newDirectoryStream(name(name), NOFOLLOW_LINKS));
    }

    /** @return the names in a folder, read through its handle; the caller closes it */
    static SecureDirectoryStream<Path> names(SecureDirectoryStream<Path> folder) throws IOException {
        CALLS.increment();
        return folder.newDirectoryStream(HERE, NOFOLLOW_LINKS);
    }

    /** @return a fresh handle on the root, which the caller closes */
    SecureDirectoryStream<Path> openTop() throws IOException {
        CALLS.increment();
        return handle.newDirectoryStream(HERE, NOFOLLOW_LINKS);
    }

    private static Look statIn(SecureDirectoryStream<Path> folder, String text, String name) throws IOException {
        BasicFileAttributes attributes = attributes(folder, name);
        if (attributes == null || !attributes.isRegularFile()) {
            return null;
        }
        return Look.of(text, attributes);
    }

    /**
     * @return the entry's own attributes (lstat): POSIX ones where the platform has them (they
     *     carry the mode, for the same one system call), else basic ones; {@code null} when it does
     *     not exist
     */
    static BasicFileAttributes attributes(SecureDirectoryStream<Path> folder, String name) throws IOException {
        CALLS.increment();
        try {
            PosixFileAttributeView posix = folder.getFileAttributeView(name(name), PosixFileAttributeView.class,
                    NOFOLLOW_LINKS);
            if (posix != null) {
                return posix.readAttributes();
            }
            return folder.getFileAttributeView(name(name), BasicFileAttributeView.class, NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * One name as a path of the platform. A name the platform's file-name encoding cannot hold
     * (a non-ASCII name when Java runs in a non-UTF-8 locale) cannot exist there: it is a missing file.
     */
    static Path name(String name) throws NoSuchFileException {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new NoSuchFileException(name, null, "not representable in the file-name encoding");
        }
    }

    /** Opens a new file for writing and reading back in a folder, never an existing name, never through a link. */
    static FileChannel create(SecureDirectoryStream<Path> folder, String name) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ,
                NOFOLLOW_LINKS);
        return (FileChannel) folder.newByteChannel(name(name), options);
    }

    @Override
    public void close() throws IOException {
        handle.close();
    }

    /**
     * @return how many looks at a name (lstat) and opens of one the plugin has made in shared folders
     *     since this process started: what a test counts to show that a page costs what it lists
     */
    static long calls() {
        return CALLS.sum();
    }

    /** A regular file opened for reading, with what it was when opened. */
    record Opened(Look entry, FileChannel channel) implements Closeable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
