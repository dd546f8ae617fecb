package dev.turnstile.client.sync;

import dev.turnstile.filemodel.FileStat;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record of the temporary files and resume records ({@code .name.turnstile-part},
 * {@code .name.turnstile-resume}) that pulls made, in {@code .turnstile/temporaries.txt}: the
 * sync removes only what it recorded there, so a user's own file that merely has such a name is
 * never deleted (it is reported instead). One line per file, {@code <file key or -> <path>}: the
 * file's identity (device and inode, where the platform gives it) is recorded too, so a file put
 * at a recorded name afterwards is not taken for the sync's own.
 *
 * <p>A file is recorded as soon as it is created; the record is forced to disk before any resume
 * record is written ({@link #force}), so a temporary file worth resuming is always known after a
 * crash. (One made just before the machine itself crashed may be lost from the record: it is then
 * reported like a user's file, to be deleted by hand.) {@link #close} rewrites the record with
 * the files still there.
 *
 * <p>Thread-safe: a pull's writer and finishers record and forget files at once.
 */
final class OwnTemporaries implements Closeable {

    static final String FILE_NAME = "temporaries.txt";
    private static final String NONE = "-";

    private final Path root;
    private final StateFolder state;
    private final boolean writable;
    /** Local path → file key, or {@code null} where the platform gives none. */
    private final Map<String, String> owned = new LinkedHashMap<>();
    private FileChannel journal;
    private boolean unforced;
    /** Whether the record on disk may differ from {@link #owned}. */
    private boolean changed;

    private OwnTemporaries(Path root, StateFolder state, boolean writable) {
        this.root = root;
        this.state = state;
        this.writable = writable;
    }

    /**
     * Reads the record; an unreadable one owns nothing (such files are then reported, not deleted).
     *
     * @param writable whether {@link #close} may rewrite it (not in a dry run, which changes nothing)
     */
    static OwnTemporaries load(Path root, StateFolder state, boolean writable) {
        OwnTemporaries temporaries = new OwnTemporaries(root, state, writable);
        if (state.exists()) {
            try {
                for (String line : state.readLines(FILE_NAME)) {
                    int space = line.indexOf(' ');
                    if (space > 0 && SyncPaths.isOwnName(line.substring(line.lastIndexOf('/') + 1))) {
                        String key = line.substring(0, space);
                        temporaries.owned.put(line.substring(space + 1), key.equals(NONE) ? null : key);
                    } else {
                        temporaries.changed = true; // torn: rewritten without it
                    }
                }
            } catch (IOException e) {
                // See above: nothing is taken for the sync's own.
            }
        }
        return temporaries;
    }

    /** @return whether the file now at this local path is one the sync made and recorded */
    synchronized boolean owns(String path) throws IOException {
        if (!owned.containsKey(path)) {
            return false;
        }
        String key = owned.get(path);
        FileStat now = FileStat.read(path, SyncPaths.local(root, path));
        return now != null && (key == null || now.fileKey() == null || key.equals(now.fileKey()));
    }

    /**
     * Records a file the sync has just created with {@code O_EXCL}. When it cannot be recorded,
     * the caller removes the file again: an unrecorded one would be taken for a user's later.
     *
     */
    synchronized void created(String path) throws IOException {
        // The identity alone: basic attributes, a cheaper look than FileStat's, for every file pulled.
        java.nio.file.attribute.BasicFileAttributes attributes = SyncPaths.attributes(SyncPaths.local(root, path));
        Object fileKey = attributes == null ? null : attributes.fileKey();
        String key = fileKey == null ? null : FileStat.of(path, attributes).fileKey();
        if (journal == null) {
            journal = state.append(FILE_NAME);
        }
        ByteBuffer line = ByteBuffer.wrap(((key == null ? NONE : key) + ' ' + path + '\n').getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            journal.write(line);
        }
        owned.put(path, key);
        unforced = true;
        changed = true;
    }

    /** Forces the record to disk: before a resume record that names a recorded file is written. */
    synchronized void force() throws IOException {
        if (unforced && journal != null) {
            journal.force(false);
            unforced = false;
        }
    }

    /** Forgets a file the sync removed or renamed into place. */
    synchronized void removed(String path) {
        changed |= owned.remove(path) != null;
    }

    /** Rewrites the record with the recorded files that are still there, or removes it. */
    @Override
    public synchronized void close() {
        try {
            if (journal != null) {
                journal.close();
                journal = null;
            }
            StringBuilder text = new StringBuilder();
            for (Map.Entry<String, String> file : owned.entrySet()) {
                if (Files.exists(SyncPaths.local(root, file.getKey()), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    text.append(file.getValue() == null ? NONE : file.getValue()).append(' ').append(file.getKey()).append('\n');
                } else {
                    changed = true;
                }
            }
            if (!writable || !state.exists() || !changed) {
                return;
            }
            if (text.length() == 0) {
                state.delete(FILE_NAME);
            } else {
                state.replace(FILE_NAME, text.toString());
            }
        } catch (IOException e) {
            // The record stays as it was: it still names every file the sync made, and perhaps some
            // that are gone, which owns() checks.
        }
    }
}
