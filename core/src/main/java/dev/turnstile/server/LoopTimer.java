package dev.turnstile.server;

import dev.turnstile.spi.ServerTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The server's {@link ServerTimer}: deadlines on the loop's clock, in a priority queue that the
 * {@link SelectorLoop} looks at on every turn. The loop sleeps no longer than the
 * {@linkplain #nextDeadline() nearest deadline} and {@linkplain #fireDue fires} the due ones on its
 * own thread, so what a plugin chains on a future runs there, as its handlers do. Public for the
 * testing kit's manual timer, which is this one on a clock the test moves.
 *
 * <p>{@link #after} is safe from any thread: it takes the queue's lock, and when the new deadline is
 * the nearest and the caller is not the loop itself, it wakes the loop so that it sleeps less. A
 * cancelled future leaves the queue. {@link #fireAll} is the server beginning to stop: every pending
 * future completes at once, and so does every later {@link #after}.
 */
public final class LoopTimer implements ServerTimer {

    private static final Duration LONGEST = Duration.ofDays(1);

    private final LongSupplier clock;
    private final Runnable wakeUp;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>(LoopTimer::compare);
    /** Ties between equal deadlines go to the older timer. Guarded by {@code this}. */
    private long created;
    /** Guarded by {@code this}. */
    private boolean stopping;
    private volatile Thread loop;

    /**
     * @param clock the loop's clock, in nanoseconds
     * @param wakeUp makes the loop look at its deadlines now; safe from any thread
     */
    public LoopTimer(LongSupplier clock, Runnable wakeUp) {
        this.clock = clock;
        this.wakeUp = wakeUp;
    }

    /** The thread that fires the timers: {@link #after} on it needs no wake-up. */
    void firedOn(Thread thread) {
        loop = thread;
    }

    @Override
    public long nanoTime() {
        return clock.getAsLong();
    }

    @Override
    public CompletableFuture<Void> after(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative() || delay.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("a timer's delay is 0 to 1 day, not " + delay);
        }
        Timer timer;
        boolean queued;
        boolean nearest;
        synchronized (this) {
            timer = new Timer(clock.getAsLong() + delay.toNanos(), created++);
            queued = !stopping;
            if (queued) {
                queue.add(timer);
            }
            nearest = queue.peek() == timer;
        }
        if (!queued) {
            timer.complete(null); // the server is stopping: at once
        } else if (nearest && Thread.currentThread() != loop) {
            wakeUp.run();
        }
        return timer;
    }

    /** @return the nearest deadline on the loop's clock, or {@link Long#MAX_VALUE} for none */
    public synchronized long nextDeadline() {
        Timer next = queue.peek();
        return next == null ? Long.MAX_VALUE : next.deadline;
    }

    /**
     * Completes, on the calling thread (the loop's), every timer whose deadline has come, oldest first.
     *
     * @param now the loop's clock
     */
    public void fireDue(long now) {
        List<Timer> due = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty() && now - queue.peek().deadline >= 0) {
                due.add(queue.poll());
            }
        }
        due.forEach(timer -> timer.complete(null));
    }

    /** The server begins to stop: completes every pending timer now, and every later one at once. */
    public void fireAll() {
        List<Timer> all = new ArrayList<>();
        synchronized (this) {
            stopping = true;
            while (!queue.isEmpty()) {
                all.add(queue.poll());
            }
        }
        all.forEach(timer -> timer.complete(null));
    }

    /** @return how many timers wait */
    public synchronized int pending() {
        return queue.size();
    }

    private synchronized void drop(Timer timer) {
        queue.remove(timer);
    }

    /** Deadlines are compared by their difference, as {@link System#nanoTime()} values must be. */
    private static int compare(Timer a, Timer b) {
        long difference = a.deadline - b.deadline;
        return difference != 0 ? Long.signum(difference) : Long.compare(a.sequence, b.sequence);
    }

    /** One pending {@link #after}: the future itself, so that cancelling it drops it from the queue. */
    private final class Timer extends CompletableFuture<Void> {
        final long deadline;
        final long sequence;

        Timer(long deadline, long sequence) {
            this.deadline = deadline;
            this.sequence = sequence;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                drop(this);
            }
            return cancelled;
        }
    }
}
