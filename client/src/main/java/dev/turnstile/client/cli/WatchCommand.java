package dev.turnstile.client.cli;

import dev.turnstile.client.sync.LocalFolderException;
import dev.turnstile.client.sync.ReadOnlyFolderException;
import dev.turnstile.client.sync.SyncFilter;
import dev.turnstile.client.sync.SyncOptions;
import dev.turnstile.client.sync.WatchLoop;
import dev.turnstile.client.sync.WatchOptions;
import dev.turnstile.client.sync.WatchSession;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code pull|push|sync --watch LOCAL_DIR}: a {@link WatchLoop} until Ctrl-C or SIGTERM, which
 * stop it cleanly (a second Ctrl-C on a terminal quits at once). A server that cannot be reached
 * or is busy is tried again; a failure no retry mends (a refused login, a read-only server for a
 * push, a server without a change feed for a pull) ends the command with its exit code.
 */
final class WatchCommand {

    /** How long SIGTERM waits for the loop to leave the folder whole. */
    private static final long STOP_WAIT_SECONDS = 5;

    /** A failure to connect that no retry mends, carried out of the loop. */
    private static final class Unmendable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient CliFailure failure;

        Unmendable(CliFailure failure) {
            super(failure.getMessage());
            this.failure = failure;
        }
    }

    private final WatchLoop.Mode mode;
    private final Path localDir;
    private final SyncOptions options;
    private final SyncFilter filter;
    private final Connector connector;
    private final FolderOpener opener;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    WatchCommand(WatchLoop.Mode mode, Path localDir, SyncOptions options, SyncFilter filter, Connector connector,
            FolderOpener opener, PrintStream out, PrintStream err, boolean terminal) {
        this.mode = mode;
        this.localDir = localDir;
        this.options = options;
        this.filter = filter;
        this.connector = connector;
        this.opener = opener;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** @return the exit code once stopped ({@link ExitCode#STOPPED}) */
    int run() throws CliFailure {
        AtomicInteger interrupts = new AtomicInteger();
        WatchLoop[] loop = new WatchLoop[1];
        ProgressBar bar = terminal ? ProgressBar.open(() -> {
            if (loop[0] == null || interrupts.incrementAndGet() > 1) {
                Runtime.getRuntime().halt(ExitCode.STOPPED);
            }
            err.println("turnstile-cli: stopping; Ctrl-C again to quit at once");
            loop[0].stop();
        }) : null;
        WatchReport report = new WatchReport(connector.where(), localDir.toString(), mode, out, err, bar,
                Clock.systemDefaultZone());
        loop[0] = new WatchLoop(this::open, localDir, mode, options, WatchOptions.defaults(), report).filtering(filter);
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            loop[0].stop();
            awaitQuietly(finished);
        }, "turnstile-cli-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        String command = mode.name().toLowerCase(java.util.Locale.ROOT) + " --watch";
        try {
            loop[0].run();
            // Before the latch: on SIGTERM the JVM ends as soon as the hook has seen it.
            if (bar != null) {
                bar.close();
            }
            out.println("stopped watching; the folder is whole, and the next run goes on from here");
        } catch (Unmendable e) {
            throw e.failure;
        } catch (ReadOnlyFolderException e) {
            throw new CliFailure(ExitCode.ANSWER, connector.where() + " shares its folder read-only (" + e.getMessage()
                    + "); nothing was pushed. The server needs files-writable=true");
        } catch (LocalFolderException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        } catch (IOException e) {
            throw new CliFailure(ExitCode.IO, command + " with " + connector.where() + " failed: " + e.getMessage());
        } finally {
            if (bar != null) {
                bar.close(); // again, harmless, when the loop ended by a failure
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException e) {
                // Shutting down: the hook runs and has seen the loop end.
            }
        }
        return ExitCode.STOPPED;
    }

    /** Connects and logs in; a failure that waiting may mend (unreachable, busy) is tried again. */
    private WatchSession open() throws IOException {
        try {
            return opener.openSession(connector);
        } catch (CliFailure e) {
            if (e.exitCode() == ExitCode.IO || e.exitCode() == ExitCode.BUSY) {
                throw new IOException(e.getMessage());
            }
            throw new Unmendable(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
