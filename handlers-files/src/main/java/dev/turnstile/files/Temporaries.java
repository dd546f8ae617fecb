package dev.turnstile.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.turnstile.filemodel.SharePath;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin's own temporaries inside the shared folder: the hidden copy that a commit across file
 * systems writes beside its target ({@code .turnstile-upload-<id>}), and the hidden folder made
 * directly under the root before it is moved into place ({@code .turnstile-upload-dir-<random>}).
 * Each is recorded in {@code <data-dir>/files/temporaries.txt}, the record forced to disk, before it
 * is created; so after a crash the next start removes exactly those ({@link #removeLeftovers}), and
 * never a file of the user's that merely looks like one. Every url refuses such names, and listings
 * skip them, so until then they are invisible.
 *
 * <p>The record is a line {@code +<path>} before the creation and {@code -<path>} once the
 * temporary is renamed into place or removed; it is written afresh when nothing is in progress and
 * it has grown past {@link #COMPACT_BYTES}.
 */
final class Temporaries implements Closeable {

    static final String FILE_NAME = "temporaries.txt";
    private static final long COMPACT_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Temporaries.class);

    private final FileChannel journal;
    /** Recorded and not yet gone, this run's and the last run's. Guarded by this. */
    private final Set<String> live = new LinkedHashSet<>();
    private final List<String> leftovers;

    private Temporaries(FileChannel journal, List<String> leftovers) {
        this.journal = journal;
        this.leftovers = leftovers;
        live.addAll(leftovers);
    }

    /** Opens the record in the plugin's folder, reading what an earlier run left in progress. */
    static Temporaries open(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE_NAME);
        Set<String> left = new LinkedHashSet<>();
        if (Files.isRegularFile(file, NOFOLLOW_LINKS)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("+")) {
                    left.add(line.substring(1));
                } else if (line.startsWith("-")) {
                    left.remove(line.substring(1));
                }
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ, NOFOLLOW_LINKS);
        channel.position(channel.size());
        return new Temporaries(channel, new ArrayList<>(left));
    }

    /** Records a temporary about to be created, durably. */
    synchronized void creating(String path) throws IOException {
        append("+" + path + "\n");
        journal.force(false);
        live.add(path);
    }

    /** The temporary was renamed into place or removed. */
    synchronized void gone(String path) {
        live.remove(path);
        try {
            if (live.isEmpty() && journal.size() > COMPACT_BYTES) {
                journal.truncate(0);
                journal.position(0);
            } else {
                append("-" + path + "\n");
            }
        } catch (IOException e) {
            LOG.warn("cannot update {}: {}", FILE_NAME, e.toString());
        }
    }

    /**
     * Removes what an earlier run recorded and did not see gone: a regular file, or an empty
     * folder, whose name is one of the plugin's hidden names. Runs in the background, through the
     * root's handles.
     */
    void removeLeftovers(ConfinedRoot root) {
        for (String text : leftovers) {
            SharePath path = SharePath.parseTrusted(text);
            if (!path.name().startsWith(ConfinedRoot.HIDDEN_PREFIX) || SharePath.problem(text) != null) {
                LOG.warn("ignoring {} in {}: not a name of the plugin's temporaries", SharePath.quote(text), FILE_NAME);
            } else {
                remove(root, path);
            }
            gone(text);
        }
        leftovers.clear();
    }

    private static void remove(ConfinedRoot root, SharePath path) {
        try (SecureDirectoryStream<Path> folder = root.openFolder(path.parents(), false, path.text())) {
            BasicFileAttributes attributes = folder == null ? null : ConfinedRoot.attributes(folder, path.name());
            if (attributes == null) {
                return;
            }
            if (attributes.isDirectory()) {
                folder.deleteDirectory(ConfinedRoot.name(path.name()));
            } else {
                // unlinkat: a link or a special file in its place goes, never what a link points to.
                folder.deleteFile(ConfinedRoot.name(path.name()));
            }
            LOG.info("removed {}, left in the shared folder by an interrupted commit", SharePath.quote(path.text()));
        } catch (NoSuchFileException e) {
            // Already gone.
        } catch (DirectoryNotEmptyException e) {
            LOG.warn("leaving {} in the shared folder: something was put in it", SharePath.quote(path.text()));
        } catch (IOException e) {
            LOG.warn("cannot remove {} from the shared folder: {}", SharePath.quote(path.text()), e.toString());
        }
    }

    private void append(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            journal.write(bytes);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        journal.close();
    }
}
