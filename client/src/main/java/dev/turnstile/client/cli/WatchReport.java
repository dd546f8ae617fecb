package dev.turnstile.client.cli;

import dev.turnstile.client.sync.SyncPlan;
import dev.turnstile.client.sync.SyncProgress;
import dev.turnstile.client.sync.SyncSummary;
import dev.turnstile.client.sync.WatchListener;
import dev.turnstile.client.sync.WatchLoop;
import dev.turnstile.client.sync.WatchState;
import dev.turnstile.filemodel.SharePath;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * What {@code --watch} prints. One line on standard output per pull or push that changed
 * something ({@code 2026-12-07 10:15:00 pull: copied 1, …}); one line on standard error per change
 * of the connection's state (lost, back), never one per try; each path that could not be synced,
 * as it happens. On a terminal, also a status line at the bottom: the progress of a run while one
 * goes on, and otherwise when the folder was last synced and what the watch does now.
 */
final class WatchReport implements WatchListener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String where;
    private final String folder;
    private final WatchLoop.Mode mode;
    private final PrintStream out;
    private final PrintStream err;
    private final ProgressBar bar;
    private final Clock clock;
    private WatchState previous;
    private String lastSynced;
    private String lostSince;
    private boolean announced;

    /**
     * @param bar the terminal's status line, or {@code null} off a terminal
     * @param clock gives the times printed
     */
    WatchReport(String where, String folder, WatchLoop.Mode mode, PrintStream out, PrintStream err, ProgressBar bar,
            Clock clock) {
        this.where = where;
        this.folder = folder;
        this.mode = mode;
        this.out = out;
        this.err = err;
        this.bar = bar;
        this.clock = clock;
    }

    @Override
    public void planned(SyncPlan plan) {
        if (bar != null) {
            bar.restart();
            bar.planned(plan);
        }
    }

    @Override
    public void progress(SyncProgress progress) {
        if (bar != null) {
            bar.progress(progress);
        }
    }

    @Override
    public synchronized void problem(String path, String reason) {
        err.println("turnstile-cli: " + SharePath.escape(path + ": " + reason));
    }

    @Override
    public synchronized void notice(String message) {
        err.println("turnstile-cli: " + SharePath.escape(message));
    }

    @Override
    public synchronized void state(WatchState state, String detail) {
        switch (state) {
            case CONNECTING -> show("connecting to " + where);
            case SYNCING -> {
                if (previous == WatchState.RECONNECTING) {
                    err.println(now() + " turnstile-cli: " + where + " is back (unreachable since " + lostSince + ")");
                }
                show(detail + " · " + where);
            }
            case WATCHING -> {
                if (!announced) {
                    announced = true;
                    err.println(now() + " turnstile-cli: watching " + what() + " (Ctrl-C stops)");
                }
                show("last synced " + lastSynced + " · watching " + what());
            }
            case RECONNECTING -> {
                lostSince = now();
                err.println(lostSince + " turnstile-cli: " + SharePath.escape(detail)
                        + "; trying again, every 30 s at most, until it answers");
                show("no connection since " + lostSince + " · trying again · " + SharePath.escape(detail));
            }
            case STOPPED -> {
                // The command's own last line says so.
            }
        }
        previous = state;
    }

    @Override
    public synchronized void synced(boolean push, SyncSummary summary) {
        lastSynced = now();
        if (summary.copied() + summary.touched() + summary.deleted() + summary.failed() > 0) {
            out.println(lastSynced + (push ? " push: " : " pull: ") + summary.line());
        }
    }

    private String what() {
        return switch (mode) {
            case PULL -> where + " for changes to pull into " + folder;
            case PUSH -> folder + " for changes to push to " + where;
            case SYNC -> folder + " and " + where + " for changes either way";
        };
    }

    private void show(String text) {
        if (bar != null) {
            bar.show(text);
        }
    }

    private String now() {
        return LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS).format(TIME);
    }
}
