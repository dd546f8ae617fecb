package dev.turnstile.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An {@link ExpiryTimer} driven by a {@link ManualClock}: {@link #advance} moves the clock and runs,
 * on the test's thread and in time order, every task that falls due on the way, with the clock set
 * to each task's own time, as a real timer thread would.
 */
final class ManualExpiryTimer implements ExpiryTimer {

    private final ManualClock clock;
    private final List<Task> pending = new ArrayList<>();
    private boolean closed;

    ManualExpiryTimer(ManualClock clock) {
        this.clock = clock;
    }

    private final class Task implements Scheduled {
        final Instant due;
        final Runnable body;

        Task(Instant due, Runnable body) {
            this.due = due;
            this.body = body;
        }

        @Override
        public void cancel() {
            pending.remove(this);
        }
    }

    @Override
    public Scheduled schedule(Runnable body, Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("a task is scheduled for later, not " + delay);
        }
        Task task = new Task(clock.instant().plus(delay), body);
        if (!closed) {
            pending.add(task);
        }
        return task;
    }

    @Override
    public void close() {
        closed = true;
        pending.clear();
    }

    /** Moves the clock by {@code duration}, running every task due by then. */
    void advance(Duration duration) {
        Instant end = clock.instant().plus(duration);
        while (true) {
            Task next = pending.stream().filter(t -> !t.due.isAfter(end)).min(Comparator.comparing(t -> t.due))
                    .orElse(null);
            if (next == null) {
                break;
            }
            pending.remove(next);
            clock.set(next.due);
            next.body.run();
        }
        clock.set(end);
    }

    /** @return how many tasks wait to run */
    int pendingCount() {
        return pending.size();
    }

    boolean isClosed() {
        return closed;
    }
}
