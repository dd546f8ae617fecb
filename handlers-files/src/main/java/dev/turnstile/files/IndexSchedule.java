package dev.turnstile.files;

import dev.turnstile.filemodel.HashCache;
import dev.turnstile.spi.ServerTimer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the index is brought up to date, and saved: the scan at start-up, the batches of quiet paths
 * from the watcher, a rescan after the watcher lost events (or a watch), the periodic safety rescan
 * ({@code files-rescan}), and a save every {@link #SAVE_EVERY} while changes come. All of it runs on
 * the walk lane, one job at a time, in the order asked; the timers are the server's.
 *
 * <p>Until the start-up scan is through, the index is not {@linkplain FolderIndex#ready() ready}:
 * the urls that need it wait for it ({@code Response.later}), so a large first start does not
 * answer partial listings. Its end is logged as {@code indexed N files of ROOT in T ms (M hashed)},
 * M being the files read at start-up: none when the folder is as the saved index has it. Files
 * changed less than {@code files-quiet} before the scan looked at them are left to the quiet period,
 * and the index is ready once they are numbered.
 */
final class IndexSchedule implements FolderWatcher.Sink {

    /** While changes come, the index is saved at most this often (and at stop). */
    static final Duration SAVE_EVERY = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(IndexSchedule.class);

    private final IndexUpdater updater;
    private final IndexStore store;
    private final BlockStore blocks;
    private final Lanes lanes;
    private final ServerTimer timer;
    private final Duration rescanEvery;
    private final Duration quiet;
    private final LongSupplier wallClockMillis;
    private final String rootName;
    private final AtomicBoolean fullScanQueued = new AtomicBoolean();
    /** Whether the watcher lost events since the last whole scan began: racy hashes must then stay racy. */
    private volatile boolean eventsLost;
    private volatile boolean closed;
    private volatile PendingPaths pending;

    IndexSchedule(IndexUpdater updater, IndexStore store, BlockStore blocks, Lanes lanes, ServerTimer timer,
            Duration rescanEvery, Duration quiet, LongSupplier wallClockMillis, String rootName) {
        this.quiet = quiet;
        this.updater = updater;
        this.store = store;
        this.blocks = blocks;
        this.lanes = lanes;
        this.timer = timer;
        this.rescanEvery = rescanEvery;
        this.wallClockMillis = wallClockMillis;
        this.rootName = rootName;
    }

    void connect(PendingPaths paths) {
        this.pending = paths;
    }

    /** The paths that have been quiet: one batch, on the walk lane. */
    void due(List<String> paths) {
        if (!closed) {
            lanes.submit(Lanes.Lane.WALK, () -> {
                updater.observe(paths);
                return null;
            });
        }
    }

    @Override
    public void changed(String path) {
        PendingPaths paths = pending;
        if (paths != null) {
            paths.changed(path);
        }
    }

    @Override
    public void overflow() {
        LOG.info("the watcher of the shared folder lost events (too many changes at once); rescanning it");
        eventsLost = true;
        rescan("");
    }

    @Override
    public void lost(String folder) {
        rescan(folder);
    }

    /**
     * The scan at start-up, after {@code first} (the removal of what an interrupted run left), on the
     * walk lane: then the index is ready, saved, and the periodic work begins.
     */
    void start(Runnable first) {
        lanes.submit(Lanes.Lane.WALK, () -> {
            first.run();
            long began = System.nanoTime();
            IndexUpdater.Scanned scanned = updater.scan("");
            LOG.info("indexed {} files of {} in {} ms ({} hashed)", scanned.files(), rootName,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), scanned.hashed());
            tidyBlocks();
            if (scanned.deferred() == 0) {
                ready();
            } else {
                // Files changed a moment before the scan are numbered once quiet: the index is ready
                // after that batch (the walk lane runs it first), so no listing misses them.
                timer.after(quiet).thenRun(() -> lanes.submit(Lanes.Lane.WALK, () -> {
                    ready();
                    return null;
                }));
            }
            return null;
        }).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.error("cannot index the shared folder; its urls answer from what the saved index holds", failure);
                updater.index().scanned();
            }
        });
    }

    private void ready() {
        updater.index().scanned();
        save();
        armRescan();
        armSave();
    }

    /** Rescans a folder (the whole shared folder for {@code ""}) on the walk lane; one whole rescan waits at most. */
    void rescan(String folder) {
        if (closed || folder.isEmpty() && !fullScanQueued.compareAndSet(false, true)) {
            return;
        }
        lanes.submit(Lanes.Lane.WALK, () -> {
            if (folder.isEmpty()) {
                fullScanQueued.set(false);
                eventsLost = false;
            }
            IndexUpdater.Scanned scanned = updater.scan(folder);
            if (folder.isEmpty()) {
                tidyBlocks();
                LOG.debug("rescanned {} files of {} ({} hashed)", scanned.files(), rootName, scanned.hashed());
            }
            return null;
        });
    }

    private void armRescan() {
        if (closed || rescanEvery.isZero()) {
            return;
        }
        long deadline = timer.nanoTime() + rescanEvery.toNanos();
        timer.after(rescanEvery).thenRun(() -> {
            if (!closed && timer.nanoTime() - deadline >= 0) {
                rescan("");
                armRescan();
            }
        });
    }

    private void armSave() {
        if (closed) {
            return;
        }
        long deadline = timer.nanoTime() + SAVE_EVERY.toNanos();
        timer.after(SAVE_EVERY).thenRun(() -> {
            if (!closed && timer.nanoTime() - deadline >= 0) {
                if (store.dirty()) {
                    lanes.submit(Lanes.Lane.WALK, () -> {
                        save();
                        return null;
                    });
                }
                armSave();
            }
        });
    }

    /**
     * Saves the index. Racy hashes of files quiet for 2 seconds lose their mark first, while the
     * watcher has told every change since they were taken (a write since would have been an event,
     * and a look): so an unchanged folder is not read again after a restart.
     */
    private void save() {
        settleRacy();
        store.save();
    }

    private void settleRacy() {
        if (updater.watching() && !eventsLost) {
            updater.index().settleRacy(wallClockMillis.getAsLong() - HashCache.RACY_MILLIS,
                    updater::pending);
        }
    }

    /** Removes the block hashes of contents the folder no longer has. */
    private void tidyBlocks() {
        blocks.retainOnly(updater.index().queries().contents(BlockStore.FROM_BYTES));
    }

    /** The server begins to stop: nothing more is looked at or scheduled. */
    void stopping() {
        closed = true;
        PendingPaths paths = pending;
        if (paths != null) {
            paths.close();
        }
    }

    /** The lanes have stopped: the index is saved, and marked as stopped cleanly. */
    void close() {
        stopping();
        settleRacy();
        store.close();
    }
}
