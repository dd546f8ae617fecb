package dev.turnstile.testing;

import dev.turnstile.spi.ServerTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link ServerTimer} that stands still until the test moves it: {@link #advance} completes, on
 * the test's thread and in deadline order, every timer that falls due on the way, with
 * {@link #nanoTime()} set to each one's deadline as it fires, as the server's loop would.
 * {@link #fireAll()} does what the server does when it begins to stop.
 *
 * <pre>{@code
 * ManualTimer timer = new ManualTimer();
 * Response answer = handler.handle(request, session);      // Response.later(timer.after(1 s)…)
 * assertFalse(answer.later().toCompletableFuture().isDone());
 * timer.advance(Duration.ofSeconds(1));
 * assertTrue(answer.later().toCompletableFuture().isDone());
 * }</pre>
 *
 * <p>Its delays are checked as the server checks them (zero to one day).
 */
public final class ManualTimer implements ServerTimer {

    private static final Duration LONGEST = Duration.ofDays(1);

    private final PriorityQueue<Timer> pending = new PriorityQueue<>(
            Comparator.comparingLong((Timer t) -> t.deadline).thenComparingLong(t -> t.sequence));
    private long now;
    private long created;
    private boolean stopping;

    /** A timer whose clock starts at zero. */
    public ManualTimer() {
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /**
     * @throws IllegalArgumentException for a negative delay or one of more than a day, as the server
     */
    @Override
    public CompletableFuture<Void> after(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative() || delay.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("a timer's delay is 0 to 1 day, not " + delay);
        }
        Timer timer;
        synchronized (this) {
            timer = new Timer(now + delay.toNanos(), created++);
            if (!stopping) {
                pending.add(timer);
                return timer;
            }
        }
        timer.complete(null);
        return timer;
    }

    /**
     * Moves the clock, firing every timer due by then in deadline order (timers set by what a fired
     * one runs fire too, when they fall due within the move).
     *
     * @param by how far, zero or more
     */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + by);
        }
        long end;
        synchronized (this) {
            end = now + by.toNanos();
        }
        while (true) {
            Timer next;
            synchronized (this) {
                next = pending.peek();
                if (next == null || next.deadline > end) {
                    now = end;
                    return;
                }
                pending.poll();
                now = next.deadline;
            }
            next.complete(null);
        }
    }

    /** Fires every pending timer now, and every later one at once: what the server does when it begins to stop. */
    public void fireAll() {
        List<Timer> all = new ArrayList<>();
        synchronized (this) {
            stopping = true;
            while (!pending.isEmpty()) {
                all.add(pending.poll());
            }
        }
        all.forEach(timer -> timer.complete(null));
    }

    /** @return how many timers wait to fire */
    public synchronized int pending() {
        return pending.size();
    }

    private synchronized void drop(Timer timer) {
        pending.remove(timer);
    }

    /** One pending timer: the future itself, so that cancelling it drops it, as the server's does. */
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
