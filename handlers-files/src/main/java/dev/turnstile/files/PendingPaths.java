package dev.turnstile.files;

import dev.turnstile.spi.ServerTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Paths that changed and wait to be quiet ({@code files-quiet}): each change of a path (an event of
 * the watcher, a look that found a file still being written) moves its time, and once a path has
 * had no change for the quiet period it is handed on, with every other path due then, to be looked
 * at and numbered. So a file being written is looked at once its writer has paused that long, and a
 * burst of changes is one batch. One timer on the server's clock, set for the earliest path due.
 *
 * <p>A path that has waited {@link #CHANGING_AFTER} or more without being quiet (a log written to
 * without a pause) is {@link #changing}: listings mark its entry so.
 */
final class PendingPaths {

    /** At most this many handed-on paths are remembered (a batch is settled soon after). */
    private static final int MAX_HANDED_ON = 100_000;
    /** A path pending this long is being written: listings say so. */
    static final Duration CHANGING_AFTER = Duration.ofSeconds(1);

    private final ServerTimer timer;
    private final long quietNanos;
    private final Consumer<List<String>> due;
    /** Path → {first change, last change}, server clock. Guarded by this. */
    private final Map<String, long[]> paths = new HashMap<>();
    /**
     * Paths handed on and not yet {@linkplain #settled settled} → their first change: a path handed
     * back (still being written) keeps waiting since then, so it can become {@link #changing}.
     * Guarded by this.
     */
    private final Map<String, Long> handedOn = new HashMap<>();
    /** When the timer set last fires, if one is set. Guarded by this. */
    private long armedFor;
    private CompletableFuture<Void> armed;
    private boolean closed;

    /**
     * @param quiet how long a path must have had no change
     * @param due receives the paths that have been quiet that long, on the server thread
     */
    PendingPaths(ServerTimer timer, Duration quiet, Consumer<List<String>> due) {
        this.timer = timer;
        this.quietNanos = quiet.toNanos();
        this.due = due;
    }

    /** A path changed (or is still being written): it is handed on once it has been quiet. */
    void changed(String path) {
        long now = timer.nanoTime();
        synchronized (this) {
            if (closed) {
                return;
            }
            long[] times = paths.get(path);
            if (times == null) {
                Long first = handedOn.remove(path);
                paths.put(path, new long[] {first == null ? now : first, now});
            } else {
                times[1] = now;
            }
            arm(now + quietNanos);
        }
    }

    /** The paths of a batch were looked at: those not handed back are no longer waiting. */
    synchronized void settled(List<String> batch) {
        for (String path : batch) {
            handedOn.remove(path);
        }
    }

    /** @return whether the path waits */
    synchronized boolean contains(String path) {
        return paths.containsKey(path);
    }

    /** @return whether the path has waited {@link #CHANGING_AFTER} or more without a quiet period */
    synchronized boolean changing(String path) {
        long[] times = paths.get(path);
        return times != null && timer.nanoTime() - times[0] >= CHANGING_AFTER.toNanos();
    }

    /** @return how many paths wait */
    synchronized int size() {
        return paths.size();
    }

    private void arm(long deadline) {
        if (armed != null && !armed.isDone() && armedFor - deadline <= 0) {
            return; // a timer that fires no later is set
        }
        if (armed != null) {
            armed.cancel(false);
        }
        armedFor = deadline;
        CompletableFuture<Void> fires = timer.after(Duration.ofNanos(Math.max(0, deadline - timer.nanoTime())));
        armed = fires;
        fires.thenRun(() -> fire(deadline));
    }

    private void fire(long deadline) {
        List<String> ready = new ArrayList<>();
        synchronized (this) {
            long now = timer.nanoTime();
            if (closed || now - deadline < 0) {
                return; // the server is stopping: the timers fire early; nothing more is looked at
            }
            long next = Long.MAX_VALUE;
            var entries = paths.entrySet().iterator();
            while (entries.hasNext()) {
                var entry = entries.next();
                long quietAt = entry.getValue()[1] + quietNanos;
                if (now - quietAt >= 0) {
                    ready.add(entry.getKey());
                    if (handedOn.size() < MAX_HANDED_ON) {
                        handedOn.put(entry.getKey(), entry.getValue()[0]);
                    }
                    entries.remove();
                } else if (next == Long.MAX_VALUE || quietAt - next < 0) {
                    next = quietAt;
                }
            }
            armed = null;
            if (next != Long.MAX_VALUE) {
                arm(next);
            }
        }
        if (!ready.isEmpty()) {
            ready.sort(null);
            due.accept(ready);
        }
    }

    /** Drops every waiting path and the timer: the shared folder closes. */
    synchronized void close() {
        closed = true;
        paths.clear();
        handedOn.clear();
        if (armed != null) {
            armed.cancel(false);
        }
    }
}
