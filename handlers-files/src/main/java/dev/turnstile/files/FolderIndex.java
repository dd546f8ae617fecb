package dev.turnstile.files;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The index of the shared folder: every file and folder with its look, its content hash and the
 * sequence number of its last change, and the tombstones of those removed (SPEC §8, the change
 * feed). It knows nothing of the file system or of clients: the {@link IndexUpdater} tells it what
 * it found, the uploads what they wrote; the handlers read pages and changes from it. Thread-safe:
 * one lock, held only for work in memory.
 *
 * <p>Every change gets the next number of one increasing sequence: a file created, written (its
 * hash differs), its mode changed, removed. A look that finds a file as the index has it changes
 * nothing. The numbers belong to the index's {@link #id()}, which is new whenever the index is
 * rebuilt from nothing or after an unclean stop ({@link IndexFile}).
 *
 * <p>A look is applied only when no other change of the same path was applied after the look was
 * taken ({@code observedAt}, the sequence number then): otherwise the look may be older than what
 * the index has, and the caller looks again.
 */
final class FolderIndex {

    /** What {@link #apply} did. */
    enum Applied {
        /** The entry changed and got a new number. */
        CHANGED,
        /** The look found the entry as it was: nothing changed. */
        UNCHANGED,
        /** Another change of the path was applied after the look was taken: look again. */
        STALE
    }

    private final IndexTable table;
    private final String id;
    private final LongSupplier wallClockMillis;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final IndexQueries queries = new IndexQueries(this);
    private long seq;
    private long files;
    private long bytes;
    private long lastChangeMillis;
    private boolean closed;
    private List<Skipped> skipped = List.of();

    private record Waiter(long since, CompletableFuture<Void> future) {
    }

    /**
     * @param table the entries (loaded, or empty)
     * @param id the index's id
     * @param seq the last number given
     * @param wallClockMillis the time of a change, for {@link #lastChangeMillis()}
     */
    FolderIndex(IndexTable table, String id, long seq, LongSupplier wallClockMillis) {
        this.table = table;
        this.id = id;
        this.seq = seq;
        this.wallClockMillis = wallClockMillis;
        for (int slot = 0; slot < table.size(); slot++) {
            if (!table.has(slot, IndexTable.DELETED) && !table.has(slot, IndexTable.FOLDER)) {
                files++;
                bytes += table.size(slot);
            }
        }
    }

    String id() {
        return id;
    }

    synchronized long seq() {
        return seq;
    }

    /** @return completes once the first scan after start-up has gone through the whole folder */
    CompletableFuture<Void> ready() {
        return ready;
    }

    /** @return the entry of a path, a tombstone included, or {@code null} when the index never had it */
    synchronized IndexEntry entry(String path) {
        int slot = table.find(utf8(path));
        return slot < 0 ? null : copy(slot);
    }

    /**
     * Applies a look at a file or a folder and, for a file, its content hash.
     *
     * @param sha256 the file's hash (32 bytes), or {@code null} for a folder
     * @param racy whether the hash was taken less than 2 seconds after the file's last change
     * @param observedAt the sequence number when the look was taken
     */
    Applied apply(Look look, byte[] sha256, boolean racy, long observedAt) {
        List<CompletableFuture<Void>> woken;
        synchronized (this) {
            if (closed) {
                return Applied.STALE;
            }
            byte[] key = utf8(look.path());
            int slot = table.find(key);
            if (slot >= 0 && table.seq(slot) > observedAt) {
                return Applied.STALE;
            }
            byte flags = (byte) ((look.folder() ? IndexTable.FOLDER : 0) | (racy ? IndexTable.RACY : 0));
            if (slot >= 0 && same(slot, look, sha256)) {
                table.setFlags(slot, flags); // a fresh hash of the same content may no longer be racy
                return Applied.UNCHANGED;
            }
            if (slot >= 0) {
                forget(slot);
            } else {
                slot = table.slotFor(key);
            }
            table.set(slot, flags, look.size(), look.mtimeNanos(), look.device(), look.inode(), look.mode(), sha256,
                    ++seq);
            if (!look.folder()) {
                files++;
                bytes += look.size();
            }
            woken = changed();
        }
        woken.forEach(future -> future.complete(null));
        return Applied.CHANGED;
    }

    /**
     * A file or a folder is gone: its entry becomes a tombstone, and so does every entry below a
     * folder, before it, the deepest first.
     *
     * @param observedAt the sequence number when the look that found it gone was taken
     * @return {@link Applied#STALE} when the path changed after that look, else whether anything changed
     */
    Applied removed(String path, long observedAt) {
        List<CompletableFuture<Void>> woken;
        synchronized (this) {
            byte[] key = utf8(path);
            int slot = table.find(key);
            if (closed || slot >= 0 && table.seq(slot) > observedAt) {
                return Applied.STALE;
            }
            // What was inside first, the deepest first, then the path itself: a client that applies
            // the tombstones in order empties a folder before it removes it.
            byte[] inside = utf8(path + "/");
            int[] order = table.inPathOrder();
            int from = table.firstAfter(inside);
            int to = from;
            while (to < order.length && table.pathStartsWith(order[to], inside)) {
                to++;
            }
            boolean any = false;
            for (int i = to - 1; i >= from; i--) {
                if (!table.has(order[i], IndexTable.DELETED) && table.seq(order[i]) <= observedAt) {
                    any |= bury(order[i]);
                }
            }
            if (slot >= 0 && !table.has(slot, IndexTable.DELETED)) {
                any |= bury(slot);
            }
            if (!any) {
                return Applied.UNCHANGED;
            }
            woken = changed();
        }
        woken.forEach(future -> future.complete(null));
        return Applied.CHANGED;
    }

    /**
     * Whether a live entry is what the look and hash say: a folder by its mode alone (its time moves
     * with every name added or removed in it), a file by its content's look, its hash and its mode.
     */
    private boolean same(int slot, Look look, byte[] sha256) {
        if (table.has(slot, IndexTable.DELETED) || table.has(slot, IndexTable.FOLDER) != look.folder()
                || table.mode(slot) != look.mode()) {
            return false;
        }
        return look.folder() || copy(slot).matches(look) && Arrays.equals(table.sha(slot), sha256);
    }

    private boolean bury(int slot) {
        forget(slot);
        table.set(slot, (byte) (IndexTable.DELETED | table.flags(slot) & IndexTable.FOLDER), 0, 0, 0, Look.UNKNOWN,
                Look.UNKNOWN_MODE, null, ++seq);
        return true;
    }

    private void forget(int slot) {
        if (!table.has(slot, IndexTable.DELETED) && !table.has(slot, IndexTable.FOLDER)) {
            files--;
            bytes -= table.size(slot);
        }
    }

    private List<CompletableFuture<Void>> changed() {
        lastChangeMillis = wallClockMillis.getAsLong();
        List<CompletableFuture<Void>> woken = new ArrayList<>();
        waiters.removeIf(waiter -> {
            if (waiter.future().isDone()) {
                return true;
            }
            if (waiter.since() < seq) {
                woken.add(waiter.future());
                return true;
            }
            return false;
        });
        return woken;
    }

    /**
     * @return a future that completes once a change numbered above {@code since} exists (at once if
     *     one does); cancel it when no longer needed
     */
    CompletableFuture<Void> changeAfter(long since) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (this) {
            if (since >= seq && !closed) {
                waiters.removeIf(waiter -> waiter.future().isDone());
                waiters.add(new Waiter(since, future));
                return future;
            }
        }
        future.complete(null);
        return future;
    }

    /** Starts a whole-tree (or subtree) pass that finds what is gone by what it did not see. */
    synchronized IndexSweep sweep(String folder) {
        return new IndexSweep(this, folder == null ? null : utf8(folder + "/"), seq);
    }

    /**
     * For a scan, in one look-up: marks the path seen, and tells whether the index has it exactly as
     * the look found it (a live entry of the same kind and mode, and for a file the same size, time
     * and identity, its hash not racy), so there is nothing to do.
     */
    synchronized boolean seenUnchanged(Look look, IndexSweep sweep) {
        int slot = table.find(utf8(look.path()));
        if (slot < 0) {
            return false;
        }
        sweep.mark(slot);
        if (table.has(slot, IndexTable.DELETED) || table.has(slot, IndexTable.FOLDER) != look.folder()
                || table.mode(slot) != look.mode()) {
            return false;
        }
        if (look.folder()) {
            return true;
        }
        long inode = table.inode(slot);
        return !table.has(slot, IndexTable.RACY) && table.size(slot) == look.size()
                && table.mtime(slot) == look.mtimeNanos() && (look.inode() == Look.UNKNOWN || inode == Look.UNKNOWN
                        || inode == look.inode() && table.device(slot) == look.device());
    }

    /** @return the slot of a path, or -1; for {@link IndexSweep}, under this index's lock */
    int slotOf(String path) {
        return table.find(utf8(path));
    }

    /**
     * @return the paths of the live entries below {@code inside} (or all, for {@code null}) that are
     *     not {@code seen} and did not change after {@code startedAt}; for {@link IndexSweep}, under
     *     this index's lock
     */
    List<String> unseen(byte[] inside, BitSet seen, long startedAt) {
        List<String> gone = new ArrayList<>();
        int[] order = table.inPathOrder();
        int from = inside == null ? 0 : table.firstAfter(inside);
        for (int i = from; i < order.length && (inside == null || table.pathStartsWith(order[i], inside)); i++) {
            int slot = order[i];
            if (!seen.get(slot) && !table.has(slot, IndexTable.DELETED) && table.seq(slot) <= startedAt) {
                gone.add(table.path(slot));
            }
        }
        return gone;
    }

    /**
     * Clears the racy mark of hashes whose files have not changed since {@code quietBeforeMillis}
     * (ms since the epoch), but for paths still waiting to be looked at.
     */
    synchronized void settleRacy(long quietBeforeMillis, Predicate<String> waiting) {
        for (int slot = 0; slot < table.size(); slot++) {
            if (table.has(slot, IndexTable.RACY) && Math.floorDiv(table.mtime(slot), 1_000_000L) < quietBeforeMillis
                    && !waiting.test(table.path(slot))) {
                table.setFlags(slot, (byte) (table.flags(slot) & ~IndexTable.RACY));
            }
        }
    }

    /** The first scan after start-up is through: what waited for it goes on, and the table sheds its spare room. */
    void scanned() {
        synchronized (this) {
            table.trim();
        }
        ready.complete(null);
    }

    /** @param names the names the last scan could not share, in path order */
    synchronized void skipped(List<Skipped> names) {
        skipped = List.copyOf(names);
    }

    synchronized List<Skipped> skipped() {
        return skipped;
    }

    /**
     * A name the server cannot share.
     *
     * @param path its path as a message shows it (escaped)
     * @param reason why, such as {@code not valid UTF-8}
     */
    record Skipped(String path, String reason) {
    }

    /** @return live files */
    synchronized long files() {
        return files;
    }

    /** @return the live files' bytes */
    synchronized long bytes() {
        return bytes;
    }

    /** @return when the last change was numbered, ms since the epoch, or 0 for none since start */
    synchronized long lastChangeMillis() {
        return lastChangeMillis;
    }

    /** @return whether the index stopped numbering: the server stops */
    synchronized boolean closed() {
        return closed;
    }

    /** Stops numbering (the index is being saved at stop) and answers every waiting long poll. */
    void close() {
        List<Waiter> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(waiters);
            waiters.clear();
        }
        all.forEach(waiter -> waiter.future().complete(null));
        ready.complete(null);
    }

    /** Runs {@code reader} on the table while no change can be applied (a save copies it). */
    synchronized <T> T read(Function<IndexTable, T> reader) {
        return reader.apply(table);
    }

    /** @return the entries, for {@link IndexQueries}: to be read only under this index's lock */
    IndexTable table() {
        return table;
    }

    /** @return what the handlers ask of the index: pages, changes, all entries */
    IndexQueries queries() {
        return queries;
    }

    /** @return a slot's entry, copied; under this index's lock */
    IndexEntry copy(int slot) {
        return new IndexEntry(table.path(slot), table.has(slot, IndexTable.FOLDER), table.has(slot, IndexTable.DELETED),
                table.size(slot), table.mtime(slot), table.device(slot), table.inode(slot), table.mode(slot),
                table.sha(slot), table.seq(slot), table.has(slot, IndexTable.RACY));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
