package dev.turnstile.client.sync;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code LOCAL_DIR/.turnstile}, where the sync keeps its state: the hash cache, the journal of
 * uploads begun, the record of its own temporary files. It must be a real folder: a link there
 * (or a file) is refused with one sentence naming it, since following it would read and write the
 * state somewhere outside LOCAL_DIR. Its files are opened without following a link, and replaced
 * through a temporary file created anew ({@code O_CREAT|O_EXCL}, which no link survives) and
 * renamed, so a link planted at one of their names is replaced, never written through.
 */
final class StateFolder {

    static final String NAME = ".turnstile";

    private final Path folder;
    private final boolean exists;

    private StateFolder(Path folder, boolean exists) {
        this.folder = folder;
        this.exists = exists;
    }

    /**
     * @param root LOCAL_DIR, a real path
     * @param create whether to create the folder when it is absent (not for a dry run)
     * @throws LocalFolderException when something other than a real folder stands there
     */
    static StateFolder open(Path root, boolean create) throws IOException {
        Path folder = root.resolve(NAME);
        BasicFileAttributes attributes = SyncPaths.attributes(folder);
        if (attributes == null && create) {
            try {
                Files.createDirectory(folder);
                return new StateFolder(folder, true);
            } catch (FileAlreadyExistsException raced) {
                attributes = SyncPaths.attributes(folder);
            }
        }
        if (attributes == null) {
            return new StateFolder(folder, false);
        }
        if (!attributes.isDirectory()) {
            throw new LocalFolderException(folder + " is " + (attributes.isSymbolicLink() ? "a symbolic link"
                    : "not a folder") + ": the sync keeps its state in that folder and follows no link out of "
                    + root + "; move it away and run again");
        }
        return new StateFolder(folder, true);
    }

    /** @return whether the folder exists (a dry run does not create it) */
    boolean exists() {
        return exists;
    }

    /** @return one file of the state */
    Path file(String name) {
        return folder.resolve(name);
    }

    /**
     * @return the lines of a state file, none when it is missing or a link stands at its name
     *     (never followed)
     * @throws IOException when it cannot be read
     */
    List<String> readLines(String name) throws IOException {
        List<String> lines = new ArrayList<>();
        if (isLink(name)) {
            return lines;
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                BufferedReader reader = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (NoSuchFileException e) {
            // Nothing recorded yet.
        }
        return lines;
    }

    /**
     * @return up to {@code limit} bytes from the start of a state file, or {@code null} when it is
     *     missing or a link stands at its name (never followed)
     * @throws IOException when it cannot be read
     */
    byte[] readBytes(String name, int limit) throws IOException {
        if (isLink(name)) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(limit, channel.size()));
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // Until full or at the end.
            }
            return Arrays.copyOf(bytes.array(), bytes.position());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** @return the names of the state files that begin with {@code prefix}, with their attributes (links not followed) */
    Map<String, BasicFileAttributes> list(String prefix) throws IOException {
        Map<String, BasicFileAttributes> found = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                BasicFileAttributes attributes = name.startsWith(prefix) ? SyncPaths.attributes(entry) : null;
                if (attributes != null) {
                    found.put(name, attributes);
                }
            }
        } catch (NoSuchFileException e) {
            // No state folder: nothing kept.
        }
        return found;
    }

    /**
     * Opens a state file for appending, creating it, never through a link: a link standing at its
     * name is removed first (the link itself, never what it leads to).
     */
    FileChannel append(String name) throws IOException {
        if (isLink(name)) {
            delete(name);
        }
        return FileChannel.open(file(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** Replaces a state file whole: a new temporary file, forced, renamed over it. */
    void replace(String name, String content) throws IOException {
        replace(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces a state file whole with these bytes: a new temporary file, forced, renamed over it. */
    void replace(String name, byte[] content) throws IOException {
        Path temporary = file(name + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, file(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        LocalDisk.forceFolder(folder);
    }

    private boolean isLink(String name) throws IOException {
        BasicFileAttributes attributes = SyncPaths.attributes(file(name));
        return attributes != null && attributes.isSymbolicLink();
    }

    /** Removes a state file (a link standing there is removed itself). */
    void delete(String name) throws IOException {
        Files.deleteIfExists(file(name));
    }
}
