package dev.turnstile.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The server's clock and timers. Its futures complete on the server thread, so what a plugin chains
 * on them without an executor runs there too, with no locking, as its handlers do; it must be quick.
 *
 * <pre>{@code
 * // a refused login answers after a second, without blocking the server thread
 * return Response.later(timer.after(Duration.ofSeconds(1)).thenApply(x -> refusal));
 * }</pre>
 *
 * <p>When the server begins to stop, every pending {@link #after} future completes at once: a
 * delayed answer or a long poll is then answered straight away rather than lost. So a future may
 * complete before its delay has passed: work that sets a timer again when one fires (a periodic
 * check) should compare {@link #nanoTime()} with the deadline it meant, and not set another when
 * the timer fired early, or it would run again and again while the server stops.
 */
public interface ServerTimer {

    /**
     * @return the server's monotonic clock, in nanoseconds (as {@link System#nanoTime()}, or a
     *     test's manual clock)
     */
    long nanoTime();

    /**
     * A future that completes, on the server thread, once {@code delay} has passed, or at once when
     * the server begins to stop. Cancelling it drops the timer.
     *
     * @param delay zero or positive; a day at most
     * @return the future, completed with {@code null}
     */
    CompletableFuture<Void> after(Duration delay);
}
