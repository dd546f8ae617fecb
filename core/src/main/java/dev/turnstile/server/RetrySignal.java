package dev.turnstile.server;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a handler's work, done on another thread, tells the server thread that the request waiting
 * for it ({@code Response.retryWhen}) may be routed again: its completion marks that wait as due
 * and wakes the loop, which then routes the request on its next turn instead of at the deadline.
 *
 * <p>Each wait gets a number from {@link #await}. A completion marks the number it was registered
 * for, and only the newest number can be waited for, so a late completion (the request was
 * answered at its deadline, or the connection has closed or moved on to other requests) marks
 * nothing anyone waits for; its only trace is one spurious turn of the loop. The completion
 * action holds this object and its number, not the pipeline, so work that outlives its
 * connection does not keep the connection's buffers alive.
 *
 * <p>{@link #await} and {@link #isDue} belong to the server thread; the completion runs on
 * whichever thread completes the work (or on the server thread inside {@link #await}, when the
 * work is done already), and only writes an atomic number and calls the wake-up, which must be
 * safe from any thread.
 */
final class RetrySignal {

    /** Never a wait's number: {@link #isDue} of it is {@code false}. */
    static final long NONE = 0;

    private final Runnable wakeUp;
    /** The highest number whose work has completed; numbers only grow, so a late one cannot lower it. */
    private final AtomicLong completed = new AtomicLong(NONE);
    /** The last number given out; server thread only. */
    private long issued = NONE;

    /**
     * @param wakeUp makes the server thread look at its connection now (a selector wake-up); safe
     *     from any thread, and harmless when the loop is not sleeping or has stopped
     */
    RetrySignal(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    /**
     * Starts a wait for {@code work}: once it completes, in any way, {@link #isDue} of the returned
     * number is {@code true} and the loop is woken. When it has completed already, that happens
     * before this returns.
     *
     * @return the wait's number, for {@link #isDue}
     */
    long await(CompletionStage<?> work) {
        long number = ++issued;
        work.whenComplete((result, failure) -> completed(number));
        return number;
    }

    /** @return whether the work of wait {@code number}, the newest one, has completed */
    boolean isDue(long number) {
        return number != NONE && completed.get() >= number;
    }

    private void completed(long number) {
        completed.accumulateAndGet(number, Math::max);
        wakeUp.run();
    }
}
