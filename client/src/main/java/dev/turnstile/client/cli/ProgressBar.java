package dev.turnstile.client.cli;

import dev.turnstile.client.sync.SyncListener;
import dev.turnstile.client.sync.SyncProgress;
import java.io.IOException;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Status;

/**
 * The progress bar of {@code pull} and {@code push} on a terminal: one status line at the bottom
 * of the screen, kept there by JLine's {@link Status} (which reserves the line and redraws it; no
 * escape codes of our own), at most ten times a second. Closing it clears the line.
 */
final class ProgressBar implements SyncListener, AutoCloseable {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final Terminal terminal;
    private final Status status;
    private long start = System.nanoTime();
    private long lastDrawn;

    private ProgressBar(Terminal terminal, Status status) {
        this.terminal = terminal;
        this.status = status;
    }

    /**
     * @param interrupt what Ctrl-C does while the bar is up: JLine takes the terminal's signals,
     *     and its default would end the process at once, without the clean stop
     * @return a bar on the system's terminal, or {@code null} when it cannot keep a status line
     */
    static ProgressBar open(Runnable interrupt) {
        try {
            Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build();
            terminal.handle(Terminal.Signal.INT, signal -> interrupt.run());
            Status status = Status.getStatus(terminal);
            if (status == null || Terminal.TYPE_DUMB.equals(terminal.getType())
                    || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
                terminal.close();
                return null;
            }
            return new ProgressBar(terminal, status);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public synchronized void progress(SyncProgress progress) {
        long now = System.nanoTime();
        boolean last = progress.filesDone() == progress.filesTotal() && progress.bytesDone() == progress.bytesTotal();
        if (now - lastDrawn < REDRAW_NANOS && !last) {
            return;
        }
        lastDrawn = now;
        // One column short of the width: a line that fills the last column wraps on some terminals.
        int width = Math.max(20, terminal.getWidth() - 1);
        status.update(List.of(new AttributedString(ProgressLine.format(progress, now - start, width))));
        terminal.flush();
    }

    /** A new run begins: its rate and time left are counted from now. */
    synchronized void restart() {
        start = System.nanoTime();
        lastDrawn = 0;
    }

    /** Shows a line of text in place of the bar (a watch's status while no run goes on). */
    synchronized void show(String text) {
        int width = Math.max(20, terminal.getWidth() - 1);
        String line = text.length() > width ? text.substring(0, width - 1) + "…" : text;
        status.update(List.of(new AttributedString(line)));
        terminal.flush();
    }

    @Override
    public synchronized void close() {
        try {
            status.update(List.of());
            status.close();
            terminal.flush();
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // The screen is the user's again either way.
        }
    }
}
