package dev.turnstile.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.ServerTimer;
import java.io.IOException;
import java.nio.file.ClosedDirectoryStreamException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds every open of a name in the shared folder. Java opens without {@code O_NONBLOCK}, so a FIFO
 * that a local user swaps in between the look at a name and its open makes the open wait for a
 * writer, without end (a folder's open too: Java opens folders without {@code O_DIRECTORY}). The
 * guard records each open in progress; a check every {@link #CHECK_EVERY} on the server's timer finds
 * the ones older than {@link #BOUND} and, for each:
 * <ul>
 * <li>answers its job at once: a 409 that names the path (its thread may stay blocked, the client
 *     does not wait for it);
 * <li>gives its lane a thread more while it stays stuck ({@link Lanes#stuck});
 * <li>frees the thread: it opens the same name through the same folder handle for reading and writing,
 *     without creating or truncating anything ({@code O_RDWR | O_NOFOLLOW}, which on Linux never
 *     waits on a FIFO and counts as the writer the blocked open waits for). It tries again at each
 *     check until the open returns; the opened FIFO then fails the type check on the handle.
 * </ul>
 * Freeing needs write permission on the FIFO; without it the thread stays blocked until someone
 * opens the FIFO for writing, and its lane runs on with its extra thread (see {@link Lanes#MAX_STUCK}).
 */
final class OpenGuard {

    /** An open that has not returned after this long is answered 409 and freed. */
    static final Duration BOUND = Duration.ofSeconds(2);
    /** How often the opens in progress are looked at, while there are any. */
    static final Duration CHECK_EVERY = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(OpenGuard.class);

    private final ServerTimer timer;
    private final Executor rescue;
    private final Lanes lanes;
    private final Map<Thread, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final OnceLog stuckLog = new OnceLog();
    private volatile boolean closed;
    private volatile Consumer<String> beforeOpen = what -> { };

    /** What opens a name; the guard runs it on the calling thread. */
    interface Open<T> {
        T open() throws IOException;
    }

    /**
     * @param timer the server's timer: its clock dates the opens, its timers run the checks
     * @param lanes the lanes whose jobs open: one gets a thread more while one of its jobs is
     *     stuck, and {@link Lanes#rescue()} runs the opens that free a stuck thread
     */
    OpenGuard(ServerTimer timer, Lanes lanes) {
        this.timer = timer;
        this.rescue = lanes.rescue();
        this.lanes = lanes;
    }

    /**
     * Opens a name in a folder, recorded while the open runs.
     *
     * @param folder the folder's handle, kept open by the caller until this returns
     * @param name the name in it
     * @param what the path, for the answer and the log
     */
    <T> T open(SecureDirectoryStream<Path> folder, String name, String what, Open<T> open) throws IOException {
        Lanes.Running job = Lanes.running();
        Pending entry = new Pending(folder, name, what, job, timer.nanoTime());
        Thread thread = Thread.currentThread();
        pending.put(thread, entry);
        arm();
        try {
            beforeOpen.accept(what);
            return open.open();
        } finally {
            boolean wasStuck;
            synchronized (entry) {
                entry.done = true;
                wasStuck = entry.overdue;
            }
            if (wasStuck && job != null) {
                lanes.unstuck(job.lane());
            }
            // Last: once no open is in progress, the lane has its threads back (a test waits for this).
            pending.remove(thread);
        }
    }

    /** For tests: runs just before each open, with the path, as a local user racing the server could. */
    void beforeEachOpen(Consumer<String> hook) {
        beforeOpen = hook;
    }

    /** @return how many opens are in progress */
    int inProgress() {
        return pending.size();
    }

    private void arm() {
        if (!closed && armed.compareAndSet(false, true)) {
            long due = timer.nanoTime() + CHECK_EVERY.toNanos();
            timer.after(CHECK_EVERY).thenRun(() -> tick(due));
        }
    }

    private void tick(long due) {
        armed.set(false);
        check();
        // A timer that fires before its time is the server stopping: no new one then.
        if (!pending.isEmpty() && timer.nanoTime() - due >= 0) {
            arm();
        }
    }

    /** Answers, and tries to free, every open in progress for longer than {@link #BOUND}. */
    void check() {
        long now = timer.nanoTime();
        for (Map.Entry<Thread, Pending> each : pending.entrySet()) {
            Pending entry = each.getValue();
            if (now - entry.startedNanos < BOUND.toNanos()) {
                continue;
            }
            boolean first;
            synchronized (entry) {
                if (entry.done) {
                    continue;
                }
                first = !entry.overdue;
                entry.overdue = true;
            }
            if (first) {
                if (entry.job != null) {
                    lanes.stuck(entry.job.lane());
                    entry.job.answer().completeExceptionally(HandlerException.conflict(SharePath.quote(entry.what)
                            + " could not be opened within " + BOUND.toSeconds() + " seconds: a special file (a FIFO)"
                            + " may have taken its place; nothing was read"));
                }
                if (stuckLog.first(entry.what)) {
                    LOG.warn("an open of {} has not returned for {} s (a FIFO swapped in?); freeing its thread {}",
                            SharePath.quote(entry.what), TimeUnit.NANOSECONDS.toSeconds(now - entry.startedNanos),
                            each.getKey().getName());
                }
            }
            rescue.execute(() -> free(entry));
        }
    }

    /** At stop: frees every open in progress, so that no thread stays blocked. */
    void close() {
        closed = true;
        for (Pending entry : pending.values()) {
            free(entry);
        }
    }

    private void free(Pending entry) {
        if (entry.done) {
            return; // returned meanwhile
        }
        try {
            entry.folder.newByteChannel(ConfinedRoot.name(entry.name),
                    Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, NOFOLLOW_LINKS)).close();
        } catch (IOException | ClosedDirectoryStreamException | SecurityException e) {
            if (stuckLog.first("free " + entry.what)) {
                LOG.warn("cannot free the thread stuck opening {} ({}); it stays blocked until something opens"
                        + " it for writing", SharePath.quote(entry.what), e.toString());
            }
        }
    }

    private static final class Pending {
        final SecureDirectoryStream<Path> folder;
        final String name;
        final String what;
        final Lanes.Running job;
        final long startedNanos;
        /** Guarded by this entry. */
        boolean overdue;
        volatile boolean done;

        Pending(SecureDirectoryStream<Path> folder, String name, String what, Lanes.Running job, long startedNanos) {
            this.folder = folder;
            this.name = name;
            this.what = what;
            this.job = job;
            this.startedNanos = startedNanos;
        }
    }
}
