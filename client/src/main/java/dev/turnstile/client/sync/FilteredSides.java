package dev.turnstile.client.sync;

import dev.turnstile.filemodel.IgnoreRules;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;

/**
 * Takes the paths a {@link SyncFilter} excludes out of both sides of a comparison, so that the
 * plan neither sends nor deletes them, and remembers them: the topmost excluded folder or file of
 * each, for {@link SyncListener#excluded}.
 */
final class FilteredSides {

    /** The largest {@value SyncFilter#IGNORE_FILE} read. */
    static final int MAX_IGNORE_BYTES = 1 << 20;

    private final SyncFilter.Matcher matcher;
    private final SortedMap<String, Boolean> excluded = new TreeMap<>();

    private FilteredSides(SyncFilter.Matcher matcher) {
        this.matcher = matcher;
    }

    /**
     * @param root the local folder, or {@code null} when it does not exist yet
     * @param listed the server's side, whose {@value SyncFilter#IGNORE_FILE} is read if it has one
     * @throws IOException when an ignore file cannot be read, or is not UTF-8 text of at most
     *     {@value #MAX_IGNORE_BYTES} bytes: a sync that ignored it could delete what it protects
     */
    static FilteredSides of(SyncFilter filter, Path root, SyncPlan.Side listed, RemoteFolder remote)
            throws IOException {
        IgnoreRules local = root == null ? IgnoreRules.none() : localRules(root);
        FileEntry file = listed.files().get(SyncFilter.IGNORE_PATH);
        IgnoreRules server = file == null || file.size() == 0 ? IgnoreRules.none() : remoteRules(file, remote);
        return new FilteredSides(filter.with(local, server));
    }

    private static IgnoreRules localRules(Path root) throws IOException {
        Path file = root.resolve(SyncFilter.IGNORE_FILE);
        BasicFileAttributes attributes = SyncPaths.attributes(file);
        if (attributes == null) {
            return IgnoreRules.none();
        }
        if (!attributes.isRegularFile() || attributes.size() > MAX_IGNORE_BYTES) {
            throw new IOException(file + " must be a regular file of at most " + MAX_IGNORE_BYTES + " bytes");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) attributes.size());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // until full or at the end
            }
        }
        return rules(bytes.flip(), file.toString());
    }

    private static IgnoreRules remoteRules(FileEntry file, RemoteFolder remote) throws IOException {
        String where = "the server's " + SyncFilter.IGNORE_PATH;
        if (file.size() > Math.min(MAX_IGNORE_BYTES, remote.maxChunkBytes())) {
            throw new IOException(where + " has " + file.size() + " bytes; at most " + MAX_IGNORE_BYTES + " are read");
        }
        try {
            return rules(ByteBuffer.wrap(remote.read(file.path(), 0, (int) file.size()).get().data()), where);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading " + where);
        } catch (ExecutionException e) {
            throw new IOException("cannot read " + where + ": " + RemoteFolders.typed(e.getCause()).getMessage(),
                    e.getCause());
        }
    }

    private static IgnoreRules rules(ByteBuffer bytes, String where) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(where + " is not UTF-8 text");
        }
        return IgnoreRules.of(List.of(text.split("\r?\n", -1)));
    }

    /** @return the side without the excluded paths */
    SyncPlan.Side apply(SyncPlan.Side side) {
        SortedMap<String, FileEntry> files = new TreeMap<>();
        side.files().forEach((path, file) -> {
            if (kept(path, false)) {
                files.put(path, file);
            }
        });
        Set<String> folders = new TreeSet<>();
        for (String folder : side.folders()) {
            if (kept(folder, true)) {
                folders.add(folder);
            }
        }
        return new SyncPlan.Side(files, folders, keptOf(side.others()), keptOf(side.refused()));
    }

    private Map<String, String> keptOf(Map<String, String> entries) {
        Map<String, String> kept = new HashMap<>();
        entries.forEach((path, why) -> {
            if (kept(path, false)) {
                kept.put(path, why);
            }
        });
        return kept;
    }

    private boolean kept(String path, boolean folder) {
        String at = matcher.excludedAt(path, folder);
        if (at == null) {
            return true;
        }
        if (!at.equals(SyncFilter.IGNORE_PATH)) {
            excluded.merge(at, folder || !at.equals(path), Boolean::logicalOr);
        }
        return false;
    }

    /** Tells the listener each excluded path (the topmost of each excluded subtree), in order. */
    void report(SyncListener listener) {
        excluded.forEach(listener::excluded);
    }
}
