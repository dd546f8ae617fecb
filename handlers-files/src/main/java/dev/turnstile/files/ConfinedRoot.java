package dev.turnstile.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.PathOrder;
import dev.turnstile.filemodel.SharePath;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared folder, reached only through directory handles: every path is resolved one name at a
 * time relative to an open folder ({@code openat} with {@code O_NOFOLLOW} underneath
 * {@link SecureDirectoryStream}), so a link anywhere in a path, including one swapped in after a
 * check, fails the open instead of leading outside. Safe to use from several threads: each call
 * opens and closes its own handles below the root's.
 */
final class ConfinedRoot implements Closeable {

    /** Names of the upload temporaries committed into a target's folder; listings skip them. */
    static final String HIDDEN_PREFIX = ".turnstile-upload-";

    private static final Logger LOG = LoggerFactory.getLogger(ConfinedRoot.class);
    private static final Path HERE = Path.of(".");

    /** Names already warned about, so a walk every few seconds does not repeat each warning. */
    private static final int MAX_WARNED = 10_000;

    private final Path path;
    private final SecureDirectoryStream<Path> handle;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private ConfinedRoot(Path path, SecureDirectoryStream<Path> handle) {
        this.path = path;
        this.handle = handle;
    }

    /**
     * @param folder the shared folder, which exists
     * @return the root, holding a handle on the folder
     * @throws IOException when it cannot be opened
     * @throws UnsupportedOperationException when the platform has no {@link SecureDirectoryStream}
     */
    static ConfinedRoot open(Path folder) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(folder);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return new ConfinedRoot(folder, secure);
        }
        stream.close();
        throw new UnsupportedOperationException("this platform cannot open files relative to a folder handle"
                + " (no SecureDirectoryStream), so links inside " + folder + " could lead outside it");
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
    FileStat stat(SharePath file) throws IOException {
        try (SecureDirectoryStream<Path> folder = openFolder(file.parents(), false)) {
            return folder == null ? null : statIn(folder, file.text(), file.name());
        }
    }

    /**
     * Opens a regular file for reading, never through a link.
     *
     * @return the open file and what it was when opened, or {@code null} when there is no regular
     *     file at that path
     */
    Opened openRead(SharePath file) throws IOException {
        try (SecureDirectoryStream<Path> folder = openFolder(file.parents(), false)) {
            if (folder == null) {
                return null;
            }
            // Looking first keeps a FIFO from blocking the open; O_NOFOLLOW then refuses a link
            // swapped in since.
            FileStat entry = statIn(folder, file.text(), file.name());
            if (entry == null) {
                return null;
            }
            SeekableByteChannel channel;
            try {
                channel = folder.newByteChannel(name(file.name()), Set.of(StandardOpenOption.READ, NOFOLLOW_LINKS));
            } catch (NoSuchFileException e) {
                return null;
            } catch (FileSystemException e) {
                return null; // ELOOP: a link took the file's place
            }
            if (channel.size() != entry.size()) {
                channel.close();
                return null; // replaced between the look and the open; the caller answers as for a missing file
            }
            return new Opened(entry, channel);
        }
    }

    /**
     * Opens the folders of a path from the root, one name at a time, never through a link.
     *
     * @param folders the names below the root
     * @param create whether to create missing folders (for uploads)
     * @return the innermost folder's handle, which the caller closes, or {@code null} when one of
     *     them is missing (and not created), not a folder, or a link
     */
    SecureDirectoryStream<Path> openFolder(List<String> folders, boolean create) throws IOException {
        SecureDirectoryStream<Path> current = handle.newDirectoryStream(HERE, NOFOLLOW_LINKS);
        StringBuilder walked = new StringBuilder();
        for (String name : folders) {
            walked.append('/').append(name);
            SecureDirectoryStream<Path> next;
            try {
                BasicFileAttributes attributes = attributes(current, name);
                if (attributes == null && create) {
                    // No mkdirat in java.nio: the folder is made by its textual path, then opened
                    // through the handle like any other, so a link can redirect at most this one
                    // empty mkdir, never a read or a write of a file (see docs/files.md).
                    Files.createDirectory(path.resolve(walked.substring(1)));
                    attributes = attributes(current, name);
                }
                next = attributes != null && attributes.isDirectory()
                        ? current.newDirectoryStream(name(name), NOFOLLOW_LINKS) : null;
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

    /**
     * Visits the regular files whose path comes after {@code after}, in path order, until the
     * visitor says stop. Links, special files, hidden upload temporaries and names that cannot be
     * requested are skipped; a folder that cannot be read is skipped with a warning.
     *
     * @param after a path text; {@code null} to start at the beginning
     * @return {@code false} when the visitor stopped the walk
     */
    boolean walk(String after, Visitor visitor) throws IOException {
        try (SecureDirectoryStream<Path> top = handle.newDirectoryStream(HERE, NOFOLLOW_LINKS)) {
            return walk(top, "", after, visitor);
        }
    }

    private boolean walk(SecureDirectoryStream<Path> folder, String prefix, String after, Visitor visitor)
            throws IOException {
        for (Child child : children(folder, prefix)) {
            String childPath = prefix + "/" + child.name();
            if (!child.folder()) {
                if (after == null || PathOrder.compare(childPath, after) > 0) {
                    if (!visitor.visit(FileStat.of(childPath, child.attributes()))) {
                        return false;
                    }
                }
                continue;
            }
            String inside = childPath + "/";
            if (after != null && PathOrder.compare(after, inside) > 0 && !after.startsWith(inside)) {
                continue; // everything in this folder comes before the cursor
            }
            SecureDirectoryStream<Path> sub;
            try {
                sub = folder.newDirectoryStream(name(child.name()), NOFOLLOW_LINKS);
            } catch (IOException e) {
                LOG.warn("skipping folder {} of the shared folder: {}", childPath, e.toString());
                continue;
            }
            try (sub) {
                if (!walk(sub, childPath, after, visitor)) {
                    return false;
                }
            }
        }
        return true;
    }

    private List<Child> children(SecureDirectoryStream<Path> folder, String prefix) throws IOException {
        List<Child> children = new ArrayList<>();
        try (SecureDirectoryStream<Path> listing = folder.newDirectoryStream(HERE, NOFOLLOW_LINKS)) {
            for (Path entry : listing) {
                String name = entry.getFileName().toString();
                if (name.startsWith(HIDDEN_PREFIX)) {
                    continue;
                }
                if (name.indexOf('\uFFFD') >= 0) {
                    if (firstWarning(prefix + "/" + name)) {
                        LOG.warn("skipping a name in {}/ that is not valid UTF-8: {}", prefix, SharePath.quote(name));
                    }
                    continue;
                }
                if (SharePath.problem("/" + name) != null) {
                    if (firstWarning(prefix + "/" + name)) {
                        LOG.warn("skipping {} in {}/: no request could name it", SharePath.quote(name), prefix);
                    }
                    continue;
                }
                BasicFileAttributes attributes = attributes(folder, name);
                if (attributes != null && (attributes.isRegularFile() || attributes.isDirectory())) {
                    children.add(new Child(name, attributes.isDirectory(), attributes));
                }
            }
        }
        children.sort((a, b) -> PathOrder.compare(PathOrder.entryKey(a.name(), a.folder()),
                PathOrder.entryKey(b.name(), b.folder())));
        return children;
    }

    private boolean firstWarning(String name) {
        return warned.size() < MAX_WARNED && warned.add(name);
    }

    private static FileStat statIn(SecureDirectoryStream<Path> folder, String text, String name) throws IOException {
        BasicFileAttributes attributes = attributes(folder, name);
        if (attributes == null || !attributes.isRegularFile()) {
            return null;
        }
        return FileStat.of(text, attributes);
    }

    /** @return the entry's own attributes (lstat), or {@code null} when it does not exist */
    static BasicFileAttributes attributes(SecureDirectoryStream<Path> folder, String name) throws IOException {
        try {
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

    /** Opens a new file for writing in a folder, never through a link. */
    static FileChannel create(SecureDirectoryStream<Path> folder, String name) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW_LINKS);
        return (FileChannel) folder.newByteChannel(name(name), options);
    }

    @Override
    public void close() throws IOException {
        handle.close();
    }

    /** Receives the files of a {@link #walk}. */
    interface Visitor {
        /** @return {@code false} to stop the walk */
        boolean visit(FileStat file) throws IOException;
    }

    /** A regular file opened for reading, with what it was when opened. */
    record Opened(FileStat entry, SeekableByteChannel channel) implements Closeable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private record Child(String name, boolean folder, BasicFileAttributes attributes) {
    }
}
