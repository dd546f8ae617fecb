package dev.turnstile.client.cli;

import dev.turnstile.client.sync.LocalFolderException;
import dev.turnstile.client.sync.ReadOnlyFolderException;
import dev.turnstile.client.sync.RemoteFolder;
import dev.turnstile.client.sync.Sync;
import dev.turnstile.client.sync.SyncFilter;
import dev.turnstile.client.sync.SyncListener;
import dev.turnstile.client.sync.SyncOptions;
import dev.turnstile.client.sync.SyncPlan;
import dev.turnstile.client.sync.SyncProgress;
import dev.turnstile.client.sync.SyncSummary;
import dev.turnstile.client.sync.WatchLoop;
import dev.turnstile.filemodel.SharePath;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code turnstile-cli pull LOCAL_DIR}, {@code push LOCAL_DIR} and {@code sync LOCAL_DIR} (a pull,
 * then a push, on one connection): a {@link Sync} between a local folder and the server's shared
 * folder; with {@code --watch}, a {@link WatchCommand} that goes on. On a terminal a progress bar
 * runs while it works; otherwise it is quiet. Either way it ends with one summary line on standard output, the paths
 * it could not sync on standard error, and an {@link ExitCode}. Ctrl-C stops it cleanly: what a
 * pull fetched is kept, and the next run goes on from there.
 */
@Command(sortOptions = false, usageHelpWidth = 80)
final class SyncCommand implements Callable<Integer> {

    /** How long Ctrl-C waits for the answers in flight and the resume records. */
    private static final long STOP_WAIT_SECONDS = 5;

    @ParentCommand
    Main parent;

    @Parameters(index = "0", paramLabel = "LOCAL_DIR", description = "the local folder")
    Path localDir;

    @Option(names = "--delete", description = "delete files that the source lacks (off by default)")
    boolean delete;

    @Option(names = "--force", description = "make the destination an exact mirror, overwriting (and with --delete"
            + " deleting) what it changed or created since the last sync; by default such a file is kept")
    boolean force;

    @Option(names = {"-n", "--dry-run"}, description = "print what would change, and change nothing")
    boolean dryRun;

    @Option(names = "--window", paramLabel = "N", defaultValue = "16",
            description = "chunk requests in flight at once (default: ${DEFAULT-VALUE})")
    int window;

    /** The --exclude and --include patterns in their order, each with "+" (include) or "-" first. */
    private final List<String> rules = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "PATTERN",
            description = "leave out the paths PATTERN matches (gitignore syntax; repeatable; the first pattern that"
                    + " matches a path decides)")
    void exclude(String pattern) {
        rules.add("-" + pattern);
    }

    @Option(names = "--include", paramLabel = "PATTERN",
            description = "keep the paths PATTERN matches, whatever later patterns say (repeatable)")
    void include(String pattern) {
        rules.add("+" + pattern);
    }

    @Option(names = "--bwlimit", paramLabel = "RATE",
            description = "move at most RATE bytes a second, both ways together: KiB without a unit; 1.5m, 500k, 2mb"
                    + " as rsync; 0 for no limit")
    String bwlimit;

    @Option(names = "--compress", description = "compress file data on the wire (deflate), both ways, where the"
            + " server takes it and it pays; for slow links")
    boolean compress;

    @Option(names = {"-v", "--verbose"}, description = "also print each path the filters left out")
    boolean verbose;

    @Option(names = "--watch", description = "keep going after the first run: sync each change as it happens,"
            + " reconnecting when the server goes away, until Ctrl-C")
    boolean watch;

    @Option(names = "--help", usageHelp = true, description = "show this help and exit")
    boolean help;

    private final boolean push;
    /** {@code sync}: a pull, then a push. */
    private final boolean both;
    private final FolderOpener opener;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    SyncCommand(boolean push, FolderOpener opener, PrintStream out, PrintStream err, boolean terminal) {
        this(push, false, opener, out, err, terminal);
    }

    /** @return {@code sync}: a pull, then a push, on one connection */
    static SyncCommand both(FolderOpener opener, PrintStream out, PrintStream err, boolean terminal) {
        return new SyncCommand(true, true, opener, out, err, terminal);
    }

    private SyncCommand(boolean push, boolean both, FolderOpener opener, PrintStream out, PrintStream err,
            boolean terminal) {
        this.push = push;
        this.both = both;
        this.opener = opener;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Counted down once the last line is printed: a shutdown hook waits for it. */
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() {
        try {
            return sync();
        } catch (CliFailure e) {
            err.println("turnstile-cli: " + SharePath.escape(e.getMessage()));
            return e.exitCode();
        } finally {
            finished.countDown();
        }
    }

    private int sync() throws CliFailure {
        if (window < 1) {
            throw new CliFailure(ExitCode.USAGE, "--window must be at least 1, not " + window);
        }
        checkLocalDir();
        SyncFilter filter = filter();
        Connector connector = parent.connector();
        if (bwlimit != null) {
            try {
                connector = connector.withBandwidthLimit(BandwidthRate.parse(bwlimit));
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCode.USAGE, e.getMessage());
            }
        }
        if (compress) {
            connector = connector.withCompression();
        }
        SyncOptions options = SyncOptions.defaults().withDelete(delete).withDryRun(dryRun).withWindow(window)
                .withForce(force);
        if (watch) {
            if (dryRun) {
                throw new CliFailure(ExitCode.USAGE, "--watch syncs each change as it happens: it cannot be a --dry-run");
            }
            WatchLoop.Mode mode = both ? WatchLoop.Mode.SYNC : push ? WatchLoop.Mode.PUSH : WatchLoop.Mode.PULL;
            return new WatchCommand(mode, localDir, options, filter, connector, opener, out, err, terminal).run();
        }
        AtomicReference<Sync> running = new AtomicReference<>();
        AtomicInteger interrupts = new AtomicInteger();
        ProgressBar bar = terminal && !dryRun ? ProgressBar.open(() -> {
            Sync sync = running.get();
            if (sync == null || interrupts.incrementAndGet() > 1) {
                // Before the sync starts, or a second Ctrl-C: stop at once.
                Runtime.getRuntime().halt(ExitCode.STOPPED);
            }
            err.println("turnstile-cli: stopping; Ctrl-C again to quit at once");
            sync.stop();
        }) : null;
        Thread stopper = null;
        SyncSummary summary;
        SyncSummary pulled = null;
        try (RemoteFolder folder = opener.open(connector)) {
            Sync sync = new Sync(folder, options, listener(bar), filter);
            running.set(sync);
            // Without a terminal (or for a kill), the JVM's shutdown hooks do the clean stop.
            stopper = new Thread(() -> {
                sync.stop();
                awaitQuietly(finished);
            }, "turnstile-cli-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            if (both) {
                // One connection for both: the server serves one client at a time.
                pulled = sync.pullBeforePush(localDir);
                if (bar != null) {
                    bar.restart();
                }
            }
            summary = push ? sync.push(localDir) : sync.pull(localDir);
        } catch (ReadOnlyFolderException e) {
            throw new CliFailure(ExitCode.ANSWER, connector.where() + " shares its folder read-only (" + e.getMessage()
                    + "); nothing was pushed. The server needs files-writable=true");
        } catch (LocalFolderException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        } catch (InterruptedIOException e) {
            throw new CliFailure(ExitCode.STOPPED, "stopped; run the same command again to go on from here");
        } catch (IOException e) {
            throw new CliFailure(ExitCode.IO, name() + " with " + connector.where() + " failed: "
                    + e.getMessage() + (push && !both ? "" : "; run it again to go on from here"));
        } finally {
            if (bar != null) {
                bar.close();
            }
            removeQuietly(stopper);
        }
        if (pulled != null) {
            print(pulled, "pull: ");
            print(summary, "push: ");
            return exitCode(pulled, summary);
        }
        print(summary, "");
        return exitCode(summary);
    }

    /** Partial when a path was not synced; else whether a conflict copy was kept. */
    private int exitCode(SyncSummary... summaries) {
        boolean complete = true;
        boolean copies = false;
        for (SyncSummary summary : summaries) {
            complete &= summary.complete();
            copies |= !summary.conflictCopies().isEmpty();
        }
        if (!complete) {
            return ExitCode.PARTIAL;
        }
        return copies && !dryRun ? ExitCode.CONFLICT_COPIES : ExitCode.OK;
    }

    private void print(SyncSummary summary, String prefix) {
        if (dryRun) {
            summary.plan().describe().forEach(line -> out.println(prefix + line));
        }
        for (String problem : summary.problems()) {
            err.println("turnstile-cli: " + prefix + problem);
        }
        for (String copy : summary.conflictCopies()) {
            out.println(prefix + copy);
        }
        out.println(prefix + summary.line());
    }

    private String name() {
        return both ? "sync" : push ? "push" : "pull";
    }

    /** The bar, if there is one, and the sync's notices on standard error. */
    private SyncListener listener(ProgressBar bar) {
        SyncListener progress = bar != null ? bar : SyncListener.NONE;
        return new SyncListener() {
            @Override
            public void planned(SyncPlan plan) {
                progress.planned(plan);
            }

            @Override
            public void progress(SyncProgress now) {
                progress.progress(now);
            }

            @Override
            public void excluded(String path, boolean folder) {
                if (verbose) {
                    out.println("excluded " + SharePath.escape(path) + (folder ? "/" : ""));
                }
            }

            @Override
            public void notice(String message) {
                err.println("turnstile-cli: " + SharePath.escape(message));
            }
        };
    }

    private SyncFilter filter() throws CliFailure {
        SyncFilter filter = SyncFilter.none();
        try {
            for (String rule : rules) {
                String pattern = rule.substring(1);
                filter = rule.startsWith("+") ? filter.include(pattern) : filter.exclude(pattern);
            }
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        }
        return filter;
    }

    private void checkLocalDir() throws CliFailure {
        boolean folder = Files.isDirectory(localDir);
        if (push && !both && !folder) {
            throw new CliFailure(ExitCode.USAGE, localDir + " is not a folder; push sends a folder's files");
        }
        if (both && dryRun && !folder) {
            throw new CliFailure(ExitCode.USAGE, localDir + " does not exist yet: a dry run of sync plans a push from it;"
                    + " pull --dry-run shows what a first sync would fetch");
        }
        if (!folder && Files.exists(localDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliFailure(ExitCode.USAGE, localDir + " is not a folder; " + name()
                    + " fills a folder (made if absent)");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running, and waits for this run.
        }
    }
}
