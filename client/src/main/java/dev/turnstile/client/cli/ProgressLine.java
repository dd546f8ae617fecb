package dev.turnstile.client.cli;

import dev.turnstile.client.sync.ByteCount;
import dev.turnstile.client.sync.SyncProgress;
import dev.turnstile.filemodel.SharePath;

/**
 * The text of the progress bar: {@code [=====>    ]  42%  3/10 files  12.3 MB/30.0 MB  4.1 MB/s
 * ETA 0:04  /docs/current.bin}, cut to the terminal's width. Pure, so that it is tested without
 * a terminal and without a clock.
 */
final class ProgressLine {

    private static final int BAR = 24;

    private ProgressLine() {
    }

    static String format(SyncProgress progress, long elapsedNanos, int width) {
        long total = Math.max(progress.bytesTotal(), 0);
        double fraction = total == 0 ? (progress.filesTotal() == 0 ? 1 : (double) progress.filesDone() / progress.filesTotal())
                : Math.min(1, (double) progress.bytesDone() / total);
        int filled = (int) Math.round(fraction * BAR);
        StringBuilder line = new StringBuilder("[");
        for (int i = 0; i < BAR; i++) {
            line.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        line.append(']').append(String.format(java.util.Locale.ROOT, " %3d%%", (int) (fraction * 100)));
        line.append("  ").append(progress.filesDone()).append('/').append(progress.filesTotal()).append(" files");
        line.append("  ").append(ByteCount.format(progress.bytesDone())).append('/').append(ByteCount.format(total));
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? progress.bytesDone() / seconds : 0;
        line.append("  ").append(ByteCount.format((long) rate)).append("/s");
        line.append("  ETA ").append(rate > 0 ? clock((long) ((total - progress.bytesDone()) / rate)) : "-:--");
        if (progress.currentPath() != null) {
            line.append("  ").append(SharePath.escape(progress.currentPath()));
        }
        return line.length() > width ? line.substring(0, Math.max(0, width - 1)) + "…" : line.toString();
    }

    /** @return seconds as {@code m:ss}, or {@code h:mm:ss} from an hour on */
    static String clock(long seconds) {
        long s = Math.max(0, seconds);
        if (s >= 3600) {
            return String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(java.util.Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
