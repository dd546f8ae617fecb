package dev.turnstile.files;

import dev.turnstile.filemodel.IgnoreRules;
import dev.turnstile.filemodel.PathOrder;
import dev.turnstile.filemodel.SharePath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link FolderIndex} equal to the shared folder: it compares what a {@link TreeWalk}
 * finds, or what a path the watcher named now is, with the index, hashes what changed
 * ({@link FileHasher}) and applies it. Scans and batches of paths run on the walk lane, one at a
 * time; a large file of a batch is hashed on the large lane.
 *
 * <p><b>What is read.</b> A scan does not read a file whose look (size, modification time,
 * identity) is the index's: its mode alone is compared. The watcher's report of such a file is read
 * (a same-size rewrite that put its modification time back looks unchanged), unless it reports a
 * change Turnstile made itself ({@link #own}). A hash marked racy (taken less than 2 seconds after its
 * file changed, so a write within the same tick of the clock would keep the look) is read again
 * when a scan or an event looks at it. A file whose look matches a file that left another path in
 * the same batch (a rename) takes that file's hash without a read.
 *
 * <p><b>Being written.</b> A scan does not hash a file changed less than {@code files-quiet} ago:
 * it hands it to the {@link PendingPaths}, which give it back once it has been quiet that long. A
 * file that changes while it is read is handed back the same way, and so is a look that another
 * change of the same path overtook ({@link FolderIndex.Applied#STALE}).
 */
final class IndexUpdater {

    private static final Logger LOG = LoggerFactory.getLogger(IndexUpdater.class);
    /** Turnstile's own changes remembered until the watcher reports them, at most. */
    static final int MAX_OWN = 10_000;
    /** The names a scan reports as skipped, at most. */
    static final int MAX_SKIPPED = 1000;

    private final ConfinedRoot root;
    private final FolderIndex index;
    private final FileHasher hasher;
    private final TreeWalk walk;
    private final Lanes lanes;
    private final IgnoreRules excluded;
    private final LongSupplier wallClockMillis;
    private final long quietMillis;
    private final Set<String> hashingLarge = ConcurrentHashMap.newKeySet();
    private final OnceLog failures = new OnceLog();
    private volatile PendingPaths pending;
    private volatile FolderWatcher watcher;
    private volatile FolderSettings.Reports reports = FolderSettings.Reports.NONE;
    /** What Turnstile itself just wrote (a commit, an attribute change): the watcher's report of it is no news. */
    private final Map<String, Look> own = new ConcurrentHashMap<>();
    /** Files that left their path in this batch, by device and inode: a rename keeps its hash. */
    private final Map<String, IndexEntry> moved = new HashMap<>();

    IndexUpdater(ConfinedRoot root, FolderIndex index, FileHasher hasher, IgnoreRules excluded, Lanes lanes,
            LongSupplier wallClockMillis, long quietMillis) {
        this.root = root;
        this.index = index;
        this.hasher = hasher;
        this.walk = new TreeWalk(root, excluded);
        this.lanes = lanes;
        this.excluded = excluded;
        this.wallClockMillis = wallClockMillis;
        this.quietMillis = quietMillis;
    }

    /**
     * @param paths where paths wait to be quiet
     * @param folders the watcher, or {@code null} for none
     * @param who who reports changes
     */
    void connect(PendingPaths paths, FolderWatcher folders, FolderSettings.Reports who) {
        this.pending = paths;
        this.watcher = folders;
        this.reports = who;
    }

    FolderIndex index() {
        return index;
    }

    FileHasher hasher() {
        return hasher;
    }

    /**
     * @return whether a change in the folder now would be reported (the watcher runs and reached no
     *     limit, or the caller reports them): then the index's hashes are trusted until a report
     */
    boolean watching() {
        FolderWatcher folders = watcher;
        return reports == FolderSettings.Reports.CALLER || folders != null && folders.healthy();
    }

    /** @return whether a path waits to be quiet: a change of it is seen and not applied yet */
    boolean pending(String path) {
        PendingPaths paths = pending;
        return paths != null && paths.contains(path);
    }

    /** @return whether a path has been changing for a while without a pause (a log written to) */
    boolean changing(String path) {
        PendingPaths paths = pending;
        return paths != null && paths.changing(path);
    }

    /**
     * A request found a file otherwise than the index has it: it is looked at once quiet (what the
     * watcher would say, if it has not yet or there is none).
     */
    void noticed(String path) {
        if (!pending(path)) {
            again(path);
        }
    }

    /**
     * Turnstile itself put the file as the look found it, and its change is applied already: when
     * the watcher reports it, it is no news. Any other report of a file whose look is unchanged is
     * read again: a same-size rewrite that put the modification time back looks unchanged.
     */
    void own(Look look) {
        if (own.size() > MAX_OWN) {
            own.clear(); // reports that never came (lost events): at worst a file is read once more
        }
        own.put(look.path(), look);
    }

    private boolean ownChange(Look look) {
        Look mine = own.remove(look.path());
        return mine != null && mine.sameContent(look) && mine.mode() == look.mode();
    }

    /**
     * The result of a scan.
     *
     * @param files the files it found
     * @param folders the folders it found
     * @param hashed the files it read to hash them
     * @param deferred the files it left to the quiet period (changed a moment before)
     */
    record Scanned(int files, int folders, long hashed, int deferred) {
    }

    /**
     * Walks a folder (or the whole shared folder, {@code ""}) and brings the index to what it finds:
     * new and changed files hashed, removed ones buried, racy hashes read again. On the walk lane.
     */
    Scanned scan(String folder) throws IOException {
        long hashedBefore = hasher.filesHashed();
        IndexSweep sweep = index.sweep(folder.isEmpty() ? null : folder);
        long observedAt = index.seq();
        List<FolderIndex.Skipped> skipped = new ArrayList<>();
        int[] counts = new int[3]; // files, folders, files left to the quiet period
        boolean opened = walk.walk(folder, new TreeWalk.Visitor() {
            @Override
            public void entering(String path) throws IOException {
                FolderWatcher folders = watcher;
                if (folders != null) {
                    folders.watch(path, path.isEmpty() ? null : root.look(SharePath.parseTrusted(path)));
                }
            }

            @Override
            public void found(Look look) throws IOException {
                counts[look.folder() ? 1 : 0]++;
                if (!index.seenUnchanged(look, sweep)) {
                    sweep.saw(look.path());
                    consider(look, observedAt, counts);
                }
            }

            @Override
            public void skipped(String path, String reason) {
                if (skipped.size() < MAX_SKIPPED) {
                    skipped.add(new FolderIndex.Skipped(path, reason));
                }
            }
        });
        if (!opened) {
            index.removed(folder, observedAt);
            return new Scanned(0, 0, 0, 0);
        }
        sweep.finish();
        skipped.sort(Comparator.comparing(FolderIndex.Skipped::path, PathOrder.CODE_POINTS));
        if (folder.isEmpty()) {
            index.skipped(skipped);
        } else {
            addSkipped(skipped);
        }
        return new Scanned(counts[0], counts[1], hasher.filesHashed() - hashedBefore, counts[2]);
    }

    /**
     * Looks at paths that changed and have been quiet, and applies what they are now. On the walk
     * lane; removals are applied before the rest, so a file renamed within the batch keeps its hash.
     */
    void observe(List<String> paths) {
        List<Look> present = new ArrayList<>();
        try {
            for (String path : paths) {
                try {
                    Look look = gone(path);
                    if (look != null) {
                        present.add(look);
                    }
                } catch (IOException | RuntimeException e) {
                    failed(path, e);
                }
            }
            for (Look look : present) {
                try {
                    consider(look, index.seq(), null);
                } catch (IOException | RuntimeException e) {
                    failed(look.path(), e);
                }
            }
        } finally {
            moved.clear();
            PendingPaths waiting = pending;
            if (waiting != null) {
                waiting.settled(paths);
            }
        }
    }

    /**
     * Looks at a reported path: buries it when it is gone (keeping its hashes for a rename in the batch).
     *
     * @return the look at what is there, or {@code null} when it is gone or never indexed
     */
    private Look gone(String path) throws IOException {
        if (ignored(path)) {
            return null;
        }
        long observedAt = index.seq();
        Look look = root.look(SharePath.parseTrusted(path));
        if (look == null) {
            remember(path);
            if (index.removed(path, observedAt) == FolderIndex.Applied.STALE) {
                again(path);
            }
            return null;
        }
        return excluded.excludes(path, look.folder()) ? null : look;
    }

    /** A look at a reported path failed: said once per path; the path is looked at again by the next rescan. */
    private void failed(String path, Exception e) {
        if (failures.first(path)) {
            LOG.warn("cannot bring the index up to date with {}; the next rescan will try again: {}",
                    SharePath.quote(path), e.toString());
        }
    }

    /** @return whether a path named by the watcher is one the index never holds, noting a name it cannot share */
    private boolean ignored(String path) {
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        if (path.contains("/" + ConfinedRoot.HIDDEN_PREFIX)) {
            return true;
        }
        String problem = TreeWalk.problem(path, name);
        if (problem != null) {
            addSkipped(List.of(new FolderIndex.Skipped(SharePath.escape(path), problem)));
            return true;
        }
        return excluded.excludes(path, false) && excluded.excludes(path, true);
    }

    /** Keeps the hashes of the files at or below a path about to be buried, for a rename in the same batch. */
    private void remember(String path) {
        IndexEntry entry = index.entry(path);
        if (entry == null || entry.deleted()) {
            return;
        }
        if (!entry.folder()) {
            moved.put(identity(entry.device(), entry.inode()), entry);
            return;
        }
        for (IndexEntry inside : index.queries().below(path)) {
            if (!inside.folder()) {
                moved.put(identity(inside.device(), inside.inode()), inside);
            }
        }
    }

    /** Brings one file's or folder's entry to what a look found. */
    /**
     * @param scanCounts the counts of the scan that found the look (its third counts the files left
     *     to the quiet period), or {@code null} for a look at a reported path
     */
    private void consider(Look look, long observedAt, int[] scanCounts) throws IOException {
        boolean scanning = scanCounts != null;
        IndexEntry entry = index.entry(look.path());
        if (look.folder()) {
            boolean known = entry != null && !entry.deleted() && entry.folder();
            apply(look, null, false, observedAt);
            if (!known && !scanning) {
                scan(look.path()); // a new folder: what is in it, and a watch on it
            }
            return;
        }
        if (entry != null && entry.matches(look) && !entry.racy() && (scanning || ownChange(look))) {
            if (entry.mode() != look.mode()) {
                apply(look, entry.sha256(), false, observedAt); // permissions alone changed
            }
            return;
        }
        IndexEntry before = look.inode() == Look.UNKNOWN ? null : moved.remove(identity(look.device(), look.inode()));
        if (before != null && before.look().sameContent(look)) {
            apply(look, before.sha256(), before.racy(), observedAt);
            return;
        }
        if (scanning && wallClockMillis.getAsLong() - look.mtimeMillis() < quietMillis) {
            again(look.path()); // changed a moment ago: it may still be being written
            scanCounts[2]++;
            return;
        }
        if (!scanning && Lanes.forReading(look.size()) == Lanes.Lane.LARGE) {
            hashLarge(look);
            return;
        }
        FileHasher.Hashed hashed = hasher.hash(look);
        if (hashed == null) {
            again(look.path());
        } else {
            apply(hashed.file(), hashed.sha256(), hashed.racy(), observedAt);
        }
    }

    /** Hashes a large file on the large lane, so that the small changes behind it are not held up. */
    private void hashLarge(Look look) {
        if (!hashingLarge.add(look.path())) {
            again(look.path()); // being hashed: looked at again once that is applied
            return;
        }
        long observedAt = index.seq();
        lanes.submit(Lanes.Lane.LARGE, () -> {
            try {
                FileHasher.Hashed hashed = hasher.hash(look);
                if (hashed == null) {
                    again(look.path());
                } else {
                    apply(hashed.file(), hashed.sha256(), hashed.racy(), observedAt);
                }
            } finally {
                hashingLarge.remove(look.path());
            }
            return null;
        }).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.debug("cannot hash {}: {}", SharePath.quote(look.path()), failure.toString());
            }
        });
    }

    private void apply(Look look, byte[] sha256, boolean racy, long observedAt) {
        if (index.apply(look, sha256, racy, observedAt) == FolderIndex.Applied.STALE) {
            again(look.path());
        }
    }

    /** The path is looked at again once it has been quiet. */
    private void again(String path) {
        PendingPaths paths = pending;
        if (paths != null) {
            paths.changed(path);
        }
    }

    private void addSkipped(List<FolderIndex.Skipped> more) {
        if (more.isEmpty()) {
            return;
        }
        List<FolderIndex.Skipped> all = new ArrayList<>(index.skipped());
        for (FolderIndex.Skipped skipped : more) {
            if (all.size() < MAX_SKIPPED && !all.contains(skipped)) {
                all.add(skipped);
            }
        }
        index.skipped(all);
    }

    private static String identity(long device, long inode) {
        return device + ":" + inode;
    }
}
