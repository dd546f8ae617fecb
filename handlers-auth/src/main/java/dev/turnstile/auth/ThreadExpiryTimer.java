package dev.turnstile.auth;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The {@link ExpiryTimer} of a real server: one daemon thread, {@code turnstile-token-expiry},
 * started at the first task (so a server whose tokens never expire has no such thread) and ended
 * by {@link #close()}.
 */
final class ThreadExpiryTimer implements ExpiryTimer {

    private ScheduledThreadPoolExecutor executor;
    private boolean closed;

    @Override
    public synchronized Scheduled schedule(Runnable task, Duration delay) {
        if (closed) {
            return () -> { };
        }
        if (executor == null) {
            executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "turnstile-token-expiry");
                thread.setDaemon(true);
                return thread;
            });
            // A token replaced at every login must not leave its cancelled check queued for an hour.
            executor.setRemoveOnCancelPolicy(true);
        }
        ScheduledFuture<?> future = executor.schedule(task, Math.max(1, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
