package dev.turnstile.testing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * An {@link Executor} that runs nothing by itself: tasks wait in order until the test runs them on
 * its own thread, so a test can hold a plugin's background work and look at what is answered
 * meanwhile, then let it go.
 *
 * <pre>{@code
 * ManualExecutor background = new ManualExecutor();
 * FilesPlugin plugin = new FilesPlugin(background);
 * ...
 * client.send(slowRequest);
 * background.awaitPending(1, Duration.ofSeconds(10));   // the server thread has queued the job
 * // ... assert what the server answers while the job is held ...
 * background.runAll();
 * }</pre>
 *
 * <p>{@link #execute} may be called from any thread (the server's, in an in-process test).
 */
public final class ManualExecutor implements Executor {

    private final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
        notifyAll();
    }

    /**
     * Runs the oldest waiting task on the calling thread.
     *
     * @return whether there was one
     */
    public boolean runNext() {
        Runnable next;
        synchronized (this) {
            next = tasks.poll();
        }
        if (next == null) {
            return false;
        }
        next.run();
        return true;
    }

    /**
     * Runs waiting tasks, oldest first, until none is left, those that the tasks themselves queue
     * included.
     *
     * @return how many ran
     */
    public int runAll() {
        int ran = 0;
        while (runNext()) {
            ran++;
        }
        return ran;
    }

    /** @return how many tasks wait */
    public synchronized int pending() {
        return tasks.size();
    }

    /**
     * Waits until at least {@code count} tasks wait, for a test whose tasks are queued by another
     * thread (the server's). It waits on the queue, not by sleeping, and gives up after
     * {@code timeout}.
     *
     * @param count how many tasks to wait for
     * @param timeout the longest wait
     * @throws AssertionError when fewer are queued by then
     * @throws InterruptedException when interrupted while waiting
     */
    public synchronized void awaitPending(int count, Duration timeout) throws InterruptedException {
        long giveUp = System.nanoTime() + timeout.toNanos();
        while (tasks.size() < count) {
            long left = giveUp - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(count + " tasks were expected, " + tasks.size() + " were queued within "
                        + timeout);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
