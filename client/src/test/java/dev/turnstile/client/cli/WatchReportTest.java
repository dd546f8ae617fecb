package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.client.sync.SyncSummary;
import dev.turnstile.client.sync.WatchLoop;
import dev.turnstile.client.sync.WatchState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code --watch} prints off a terminal, on a fixed clock. */
class WatchReportTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final WatchReport report = new WatchReport("files.example.org:8888", "/home/me/docs", WatchLoop.Mode.PULL,
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), null,
            Clock.fixed(Instant.parse("2026-12-07T10:15:00Z"), ZoneOffset.UTC));

    private static SyncSummary summary(int copied) {
        // The plan is only read for a dry run's line.
        return new SyncSummary(null, copied, 0, 3, 0, 0, copied * 10L, 1_000_000, List.of(), false);
    }

    private List<String> lines(ByteArrayOutputStream stream) {
        String text = stream.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    @Test
    void aRunThatChangedSomethingIsOneLineAndOneThatChangedNothingIsNone() {
        report.synced(false, summary(0));
        report.synced(false, summary(2));

        assertEquals(List.of("2026-12-07 10:15:00 pull: copied 2, skipped 3, deleted 0, 20 B in 0.00 s (0.0 MB/s)"),
                lines(out));
    }

    @Test
    void theConnectionIsReportedOncePerChangeOfStateAndTheWatchOnce() {
        report.state(WatchState.CONNECTING, "connecting");
        report.state(WatchState.SYNCING, "pulling");
        report.state(WatchState.WATCHING, "up to date");
        report.state(WatchState.SYNCING, "pulling");
        report.state(WatchState.WATCHING, "up to date");
        report.state(WatchState.RECONNECTING, "cannot connect to files.example.org:8888: Connection refused");
        report.state(WatchState.SYNCING, "pulling");
        report.state(WatchState.WATCHING, "up to date");
        report.state(WatchState.STOPPED, "stopped");

        assertEquals(List.of(
                "2026-12-07 10:15:00 turnstile-cli: watching files.example.org:8888 for changes to pull into /home/me/docs"
                        + " (Ctrl-C stops)",
                "2026-12-07 10:15:00 turnstile-cli: cannot connect to files.example.org:8888: Connection refused; trying"
                        + " again, every 30 s at most, until it answers",
                "2026-12-07 10:15:00 turnstile-cli: files.example.org:8888 is back (unreachable since 2026-12-07 10:15:00)"),
                lines(err));
        assertEquals(List.of(), lines(out));
    }
}
