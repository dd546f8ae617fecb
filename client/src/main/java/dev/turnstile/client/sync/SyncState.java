package dev.turnstile.client.sync;

import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What a sync remembers of the server between runs, in {@code LOCAL_DIR/.turnstile/state.txt}:
 * <ul>
 * <li>the <b>base</b>: per path, the last version both sides agreed on (size, modification time,
 *     SHA-256), which tells which side changed a file since ({@link ConflictRule});
 * <li>the server's change feed position: its index id and the last sequence number applied;
 * <li>the server's files at that number (kept as their differences from the base: after a clean
 *     sync there are none), so that a pull asks only for what changed after it.
 * </ul>
 * The local side of the same model, each local file's size, times and identity as the sync left it
 * with its SHA-256, is the hash cache ({@link LocalHashes}): a local file is unchanged since the
 * base when it still looks as the cache saw it and the cache's hash is the base's.
 *
 * <p><b>The file.</b> UTF-8 text: the header {@value #HEADER}, {@code index <id>} (or {@code -}),
 * {@code seq <n>}, then one line a path, the path last: {@code b <sha256> <size> <mtime ms> <mode> <path>}
 * for the base, {@code s <sha256> <size> <mtime ms> <mode> <path>} where the server's file is not the
 * base's ({@code <mode>}: the permission bits in octal, {@code -} when not known), {@code x <path>}
 * where the server lacks a path the base has, and, when the server lists its folders, the line
 * {@code folders} followed by {@code d <path>} for each of them. Replaced whole, never
 * through a link ({@link StateFolder#replace}); a torn or foreign file is ignored with one warning,
 * and the sync starts over from a full listing with no base (so nothing is deleted on its word).
 *
 * <p>Not thread-safe: read before a run and updated after it, on the sync's thread.
 */
final class SyncState {

    static final String FILE_NAME = "state.txt";
    static final String HEADER = "turnstile-sync-state 1";

    /** Per path, the version both sides last agreed on. */
    final Map<String, FileEntry> base;
    private String index;
    private long seq;
    /** The server's files at {@link #seq}, or {@code null} when not known. */
    private Map<String, FileEntry> server;
    /** The server's folders at {@link #seq}, empty ones included, or {@code null} when not known. */
    private Set<String> serverFolders;
    private boolean dirty;

    private SyncState(Map<String, FileEntry> base, String index, long seq, Map<String, FileEntry> server,
            Set<String> serverFolders) {
        this.base = base;
        this.index = index;
        this.seq = seq;
        this.server = server;
        this.serverFolders = server == null ? null : serverFolders;
    }

    /** @return the state of a folder that never synced: no base, no position */
    static SyncState empty() {
        return new SyncState(new HashMap<>(), null, 0, null, null);
    }

    /**
     * @param warnings hears one sentence when an existing file is ignored
     */
    static SyncState load(StateFolder state, Consumer<String> warnings) throws IOException {
        List<String> lines = state.readLines(FILE_NAME);
        if (lines.isEmpty()) {
            return empty();
        }
        try {
            return parse(lines);
        } catch (IllegalArgumentException e) {
            warnings.accept("ignoring the sync state " + state.file(FILE_NAME) + ": " + e.getMessage()
                    + "; the server's folder is listed whole, and no file is taken as synced before");
            SyncState fresh = empty();
            fresh.dirty = true;
            return fresh;
        }
    }

    private static SyncState parse(List<String> lines) {
        if (lines.size() < 3 || !lines.get(0).equals(HEADER) || !lines.get(1).startsWith("index ")
                || !lines.get(2).startsWith("seq ")) {
            throw new IllegalArgumentException("it is not a sync state of this version");
        }
        String index = lines.get(1).substring("index ".length());
        long seq;
        try {
            seq = Long.parseLong(lines.get(2).substring("seq ".length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("its seq is not a number");
        }
        Map<String, FileEntry> base = new HashMap<>();
        Map<String, FileEntry> serverOnly = new HashMap<>();
        List<String> missing = new ArrayList<>();
        Set<String> folders = null;
        for (String line : lines.subList(3, lines.size())) {
            if (line.startsWith("x ")) {
                missing.add(path(line.substring(2)));
                continue;
            }
            if (line.equals("folders")) {
                folders = new TreeSet<>();
                continue;
            }
            if (line.startsWith("d ") && folders != null) {
                folders.add(path(line.substring(2)));
                continue;
            }
            String[] fields = line.split(" ", 6);
            if (fields.length != 6 || !(fields[0].equals("b") || fields[0].equals("s")) || !Sha256.isHex(fields[1])) {
                throw new IllegalArgumentException("a line is damaged");
            }
            FileEntry entry;
            try {
                int mode = fields[4].equals("-") ? FileEntry.NO_MODE : Integer.parseInt(fields[4], 8);
                entry = new FileEntry(path(fields[5]), Long.parseLong(fields[2]), Long.parseLong(fields[3]), fields[1],
                        mode);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a line is damaged");
            }
            (fields[0].equals("b") ? base : serverOnly).put(entry.path(), entry);
        }
        Map<String, FileEntry> server = null;
        if (!index.equals("-")) {
            server = new HashMap<>(base);
            server.putAll(serverOnly);
            missing.forEach(server::remove);
        }
        return new SyncState(base, index.equals("-") ? null : index, seq, server, folders);
    }

    private static String path(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("a line is damaged");
        }
        return text;
    }

    /** @return the index id of the server's change feed remembered, or {@code null} */
    String index() {
        return index;
    }

    /** @return the last sequence number applied */
    long seq() {
        return seq;
    }

    /** @return the server's files at {@link #seq()}, or {@code null} when not known */
    Map<String, FileEntry> server() {
        return server;
    }

    /** @return the server's folders at {@link #seq()}, empty ones included, or {@code null} when not known */
    Set<String> serverFolders() {
        return serverFolders;
    }

    /**
     * Remembers the server's files at a number of its change feed, or forgets the position
     * ({@code index} {@code null}: a server without a feed).
     *
     * @param folders the server's folders, empty ones included, or {@code null} when not known
     */
    void server(String index, long seq, Map<String, FileEntry> files, Set<String> folders) {
        if (!Objects.equals(index, this.index) || seq != this.seq || !Objects.equals(files, server)
                || !Objects.equals(folders, serverFolders)) {
            dirty = true;
        }
        this.index = index;
        this.seq = seq;
        this.server = index == null ? null : files;
        this.serverFolders = index == null || folders == null ? null : new TreeSet<>(folders);
    }

    /** Records a file the sync wrote on the server (or kept there as a conflict copy). */
    void serverWrote(FileEntry version) {
        if (server != null && !version.equals(server.put(version.path(), version))) {
            dirty = true;
        }
    }

    /** Records a file the sync deleted on the server. */
    void serverDeleted(String path) {
        if (server != null && server.remove(path) != null) {
            dirty = true;
        }
    }

    /** Forgets the base of every path but these: what one side or the other still has. */
    void retainBase(java.util.function.Predicate<String> present) {
        if (base.keySet().removeIf(path -> !present.test(path))) {
            dirty = true;
        }
    }

    /** Records the version both sides now have. */
    void agreed(FileEntry version) {
        FileEntry old = base.put(version.path(), version);
        if (!version.equals(old)) {
            dirty = true;
        }
    }

    /** Forgets a path both sides now lack. */
    void gone(String path) {
        if (base.remove(path) != null) {
            dirty = true;
        }
    }

    /** Writes the state if anything changed; never in a dry run (no state folder). */
    void save(StateFolder state) throws IOException {
        if (!dirty || !state.exists()) {
            return;
        }
        StringBuilder text = new StringBuilder(64 + 100 * base.size());
        text.append(HEADER).append('\n');
        text.append("index ").append(index == null ? "-" : index).append('\n');
        text.append("seq ").append(seq).append('\n');
        for (String path : new TreeSet<>(base.keySet())) {
            if (path.indexOf('\n') < 0 && path.indexOf('\r') < 0) {
                line(text, "b", base.get(path));
            }
        }
        if (server != null) {
            for (String path : new TreeSet<>(server.keySet())) {
                FileEntry there = server.get(path);
                if (!there.equals(base.get(path)) && path.indexOf('\n') < 0 && path.indexOf('\r') < 0) {
                    line(text, "s", there);
                }
            }
            for (String path : new TreeSet<>(base.keySet())) {
                if (!server.containsKey(path) && path.indexOf('\n') < 0 && path.indexOf('\r') < 0) {
                    text.append("x ").append(path).append('\n');
                }
            }
            if (serverFolders != null) {
                text.append("folders\n");
                for (String folder : serverFolders) {
                    if (folder.indexOf('\n') < 0 && folder.indexOf('\r') < 0) {
                        text.append("d ").append(folder).append('\n');
                    }
                }
            }
        }
        state.replace(FILE_NAME, text.toString());
        dirty = false;
    }

    private static void line(StringBuilder text, String kind, FileEntry entry) {
        text.append(kind).append(' ').append(entry.sha256()).append(' ').append(entry.size()).append(' ')
                .append(entry.mtimeMillis()).append(' ')
                .append(entry.mode() == FileEntry.NO_MODE ? "-" : Integer.toOctalString(entry.mode())).append(' ')
                .append(entry.path()).append('\n');
    }
}
