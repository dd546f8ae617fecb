package dev.turnstile.testing;

import dev.turnstile.server.LoopTimer;
import dev.turnstile.spi.ServerTimer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's own timer on a clock that stands still until the test moves it: {@link #advance}
 * completes, on the test's thread and in deadline order, every timer that falls due on the way, with
 * {@link #nanoTime()} set to each one's deadline as it fires, as the server's loop would.
 * {@link #fireAll()} does what the server does when it begins to stop. Its delays are checked as the
 * server checks them (zero to one day), and cancelling a future drops its timer.
 *
 * <pre>{@code
 * ManualTimer timer = new ManualTimer();
 * Response answer = handler.handle(request, session);      // Response.later(timer.after(1 s)…)
 * assertFalse(Answers.ready(answer));
 * timer.advance(Duration.ofSeconds(1));
 * assertTrue(Answers.ready(answer));
 * }</pre>
 */
public final class ManualTimer implements ServerTimer {

    private final AtomicLong now = new AtomicLong();
    private final LoopTimer timer = new LoopTimer(now::get, () -> { });

    /** A timer whose clock starts at zero. */
    public ManualTimer() {
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    /**
     * @throws IllegalArgumentException for a negative delay or one of more than a day, as the server
     */
    @Override
    public CompletableFuture<Void> after(Duration delay) {
        return timer.after(delay);
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
        long end = now.get() + by.toNanos();
        for (long next = timer.nextDeadline(); next != Long.MAX_VALUE && end - next >= 0; next = timer.nextDeadline()) {
            now.set(next);
            timer.fireDue(next);
        }
        now.set(end);
    }

    /** Fires every pending timer now, and every later one at once: what the server does when it begins to stop. */
    public void fireAll() {
        timer.fireAll();
    }

    /** @return how many timers wait to fire */
    public int pending() {
        return timer.pending();
    }
}
