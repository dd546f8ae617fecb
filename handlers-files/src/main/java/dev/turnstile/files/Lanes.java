package dev.turnstile.files;

import dev.turnstile.spi.HandlerException;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plugin's background threads, in three lanes, so that a short job never waits behind a long
 * one. The server thread only submits jobs and answers {@code Response.later} on their futures.
 * <ul>
 * <li>{@link Lane#WALK}: the index's work ({@link IndexSchedule}): the scan at start-up, rescans, and
 *     the batches of changed paths the watcher reports. One thread: one change of the index at a time.
 * <li>{@link Lane#LARGE}: reading a file of {@link #LARGE_BYTES} or more whole, to hash it or to
 *     verify a large upload. One thread: the disk serves two large reads side by side no faster
 *     than one after the other, and a hash of many gigabytes must not hold up anything else.
 * <li>{@link Lane#SHORT}: everything else that touches the shared folder, each job bounded by
 *     {@link #LARGE_BYTES} of reading (an open and a chunk, a small file's hash, a listing page's
 *     files, the commit of a small upload, a delete's check). One thread, since the server serves one
 *     client at a time and holds its next request until the job is answered; plus one for each job
 *     whose open is stuck ({@link OpenGuard}), up to {@link #MAX_STUCK}.
 * <li>{@link Lane#FLUSH}: forcing complete uploads to disk and verifying them, in the plugin's own
 *     staging folder, as their last bytes arrive: {@link #FLUSH_THREADS} threads, since a disk
 *     finishes several fsyncs in flight sooner than the same one after the other.
 * </ul>
 */
final class Lanes implements Closeable {

    /** The three lanes. */
    enum Lane {
        WALK, SHORT, LARGE, FLUSH
    }

    /** Reading a file whole from this size on is a job for {@link Lane#LARGE}: ~10 ms from the page cache. */
    static final long LARGE_BYTES = 16L * 1024 * 1024;
    /** Uploads forced to disk at once. */
    static final int FLUSH_THREADS = 4;
    /** At most this many jobs of a lane may be stuck in an open at once; beyond, the lane refuses work. */
    static final int MAX_STUCK = 4;

    private static final ThreadLocal<Running> RUNNING = new ThreadLocal<>();

    private final Map<Lane, Executor> executors = new EnumMap<>(Lane.class);
    private final Map<Lane, AtomicInteger> stuck = new EnumMap<>(Lane.class);
    private final List<ExecutorService> owned = new ArrayList<>();
    /**
     * Runs the opens that free a stuck thread: never on the server thread, never behind a lane's
     * queue. One that finds no free thread is dropped: the next check tries again.
     */
    private final ThreadPoolExecutor rescue = new ThreadPoolExecutor(0, MAX_STUCK * 3, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), daemons("rescue"), new ThreadPoolExecutor.DiscardPolicy());

    /** A piece of background work; may throw to fail its future. */
    interface Job<T> {
        T run() throws Exception;
    }

    /**
     * The job running on this thread.
     *
     * @param lane its lane
     * @param answer its future, which may be completed early (a stuck open is answered 409)
     */
    record Running(Lane lane, CompletableFuture<?> answer) {
    }

    private Lanes(Executor walk, Executor shortJobs, Executor large, Executor flush) {
        executors.put(Lane.WALK, walk);
        executors.put(Lane.SHORT, shortJobs);
        executors.put(Lane.LARGE, large);
        executors.put(Lane.FLUSH, flush);
        for (Lane lane : Lane.values()) {
            stuck.put(lane, new AtomicInteger());
        }
    }

    /** The server's lanes: one thread of the plugin's own each, started now, stopped by {@link #close}. */
    static Lanes ofThreads() {
        ThreadPoolExecutor walk = pool("walk");
        ThreadPoolExecutor shortJobs = pool("short");
        ThreadPoolExecutor large = pool("large");
        ThreadPoolExecutor flush = pool("flush", FLUSH_THREADS);
        Lanes lanes = new Lanes(walk, shortJobs, large, flush);
        lanes.owned.addAll(List.of(walk, shortJobs, large, flush));
        return lanes;
    }

    /** Lanes on executors the caller owns (a test's manual or direct ones); uploads are flushed on the short one. */
    static Lanes on(Executor walk, Executor shortJobs, Executor large) {
        return new Lanes(walk, shortJobs, large, shortJobs);
    }

    /** Lanes on executors the caller owns, one for each lane. */
    static Lanes on(Executor walk, Executor shortJobs, Executor large, Executor flush) {
        return new Lanes(walk, shortJobs, large, flush);
    }

    private static ThreadPoolExecutor pool(String lane) {
        return pool(lane, 1);
    }

    private static ThreadPoolExecutor pool(String lane, int threads) {
        return new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), daemons(lane));
    }

    private static ThreadFactory daemons(String lane) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "turnstile-files-" + lane + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** @return where the {@link OpenGuard} runs the opens that free a stuck thread */
    Executor rescue() {
        return rescue;
    }

    /** @return the lane for a job that reads {@code bytes} of one file whole */
    static Lane forReading(long bytes) {
        return bytes >= LARGE_BYTES ? Lane.LARGE : Lane.SHORT;
    }

    /**
     * Runs the job on its lane; its future fails with whatever it throws, and with a 503 when the
     * lane is closed or too many of its jobs are stuck.
     */
    <T> CompletableFuture<T> submit(Lane lane, Job<T> job) {
        CompletableFuture<T> future = new CompletableFuture<>();
        int blocked = stuck.get(lane).get();
        if (blocked >= MAX_STUCK) {
            future.completeExceptionally(new HandlerException(503, blocked + " requests are stuck opening special"
                    + " files (FIFOs) put in the shared folder; ask again once they are gone (the server's log names them)"));
            return future;
        }
        try {
            executors.get(lane).execute(() -> run(lane, job, future));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new HandlerException(503, "the shared folder is closing; ask again once the"
                    + " server is back"));
        }
        return future;
    }

    private <T> void run(Lane lane, Job<T> job, CompletableFuture<T> future) {
        Running outer = RUNNING.get(); // a direct executor runs a job inside another one's
        RUNNING.set(new Running(lane, future));
        try {
            future.complete(job.run());
        } catch (Throwable e) {
            future.completeExceptionally(e);
        } finally {
            if (outer == null) {
                RUNNING.remove();
            } else {
                RUNNING.set(outer);
            }
        }
    }

    /** @return the job running on the calling thread, or {@code null} outside a job */
    static Running running() {
        return RUNNING.get();
    }

    /**
     * A job of the lane is stuck in an open past the bound: the lane gets a thread more while it
     * stays stuck, so the jobs behind it run.
     */
    void stuck(Lane lane) {
        resize(lane, stuck.get(lane).incrementAndGet());
    }

    /** The stuck open of a job of the lane returned: its extra thread goes. */
    void unstuck(Lane lane) {
        resize(lane, stuck.get(lane).decrementAndGet());
    }

    /** @return how many jobs of the lane are stuck in an open */
    int stuckJobs(Lane lane) {
        return stuck.get(lane).get();
    }

    private synchronized void resize(Lane lane, int blocked) {
        if (!(executors.get(lane) instanceof ThreadPoolExecutor pool) || !owned.contains(pool)) {
            return;
        }
        if (lane == Lane.FLUSH) {
            return; // staging holds no FIFO: nothing of it is stuck
        }
        int size = 1 + Math.max(0, Math.min(blocked, MAX_STUCK));
        if (size > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(size);
            pool.setCorePoolSize(size);
        } else if (size < pool.getMaximumPoolSize()) {
            pool.setCorePoolSize(size);
            pool.setMaximumPoolSize(size);
        }
    }

    /**
     * Stops the lanes' own threads, waiting up to 5 seconds in all for the running jobs; a thread
     * still stuck in an open is a daemon and does not keep the server from exiting.
     */
    @Override
    public void close() {
        rescue.shutdown();
        for (ExecutorService service : owned) {
            service.shutdownNow();
        }
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            for (ExecutorService service : owned) {
                service.awaitTermination(Math.max(0, giveUp - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
