package dev.turnstile.auth;

import java.time.Duration;

/**
 * Runs a task once after a delay, off the server thread: how a token of address scope ends (and
 * its TOKEN file goes) when no request arrives to notice that it has expired. Tests use a manual
 * implementation driven by their clock, so no test sleeps.
 */
interface ExpiryTimer {

    /** A scheduled task that has not run yet. */
    interface Scheduled {
        /** Stops the task from running; harmless once it has run. */
        void cancel();
    }

    /**
     * @param task what to run; it must do its own locking, since it runs on another thread
     * @param delay how long from now, positive
     * @return a handle to cancel it
     */
    Scheduled schedule(Runnable task, Duration delay);

    /** Cancels every pending task and ends the timer's thread; later tasks are never run. */
    void close();
}
