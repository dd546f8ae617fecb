package dev.turnstile.files;

import dev.turnstile.filemodel.IgnoreRules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FolderIndex} and its file ({@link IndexFile}): opened at start, saved while the server
 * runs (so that a crash loses few hashes) and at stop (so that the next start goes on with the same
 * id and numbers). A save copies the index into bytes under its lock, which takes milliseconds, and
 * writes them outside it.
 */
final class IndexStore {

    private static final Logger LOG = LoggerFactory.getLogger(IndexStore.class);

    private final IndexFile file;
    private final String identity;
    private final FolderIndex index;
    private final LongSupplier wallClockMillis;
    private long savedSeq = -1;

    private IndexStore(IndexFile file, String identity, FolderIndex index, LongSupplier wallClockMillis) {
        this.file = file;
        this.identity = identity;
        this.index = index;
        this.wallClockMillis = wallClockMillis;
    }

    /**
     * Reads the saved index of the shared folder, or starts a new one (one warning says why).
     *
     * @param stateDir the plugin's folder
     * @param root the shared folder
     * @param excluded what {@code files-exclude} keeps out: dropped from a saved index
     */
    static IndexStore open(Path stateDir, Path root, IgnoreRules excluded, LongSupplier wallClockMillis)
            throws IOException {
        String identity = IndexFile.identity(root);
        IndexFile file = new IndexFile(stateDir);
        IndexFile.Loaded loaded = file.open(identity, excluded);
        if (loaded.warning() != null) {
            LOG.warn("{}", loaded.warning());
        }
        return new IndexStore(file, identity, new FolderIndex(loaded.table(), loaded.id(), loaded.seq(),
                wallClockMillis), wallClockMillis);
    }

    FolderIndex index() {
        return index;
    }

    /** @return whether a change was numbered since the last save */
    synchronized boolean dirty() {
        return index.seq() != savedSeq;
    }

    /** Saves the index; a failure is logged (the next save tries again). */
    synchronized void save() {
        long[] seq = new long[1];
        byte[] bytes = index.read(table -> {
            seq[0] = index.seq();
            return IndexFile.serialize(table, identity, index.id(), seq[0], wallClockMillis.getAsLong());
        });
        try {
            file.save(bytes);
            savedSeq = seq[0];
        } catch (IOException e) {
            LOG.warn("cannot save the index of the shared folder ({}); after a crash its files would be hashed"
                    + " again: {}", file, e.toString());
        }
    }

    /**
     * The server stops: no more numbers, a last save, and the mark that says the run stopped cleanly
     * (only if the save worked: otherwise the next start gives the index a new id).
     */
    synchronized void close() {
        index.close();
        save();
        if (savedSeq == index.seq()) {
            try {
                file.closeCleanly();
            } catch (IOException e) {
                LOG.warn("cannot mark the index of the shared folder as saved: {}", e.toString());
            }
        }
    }
}
