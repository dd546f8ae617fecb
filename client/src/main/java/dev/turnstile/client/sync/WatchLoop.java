package dev.turnstile.client.sync;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps a local folder and a server's shared folder in step until stopped: a {@link Sync} that
 * goes on after its first run ({@code turnstile-cli pull|push|sync --watch}).
 *
 * <pre>{@code
 * WatchLoop loop = new WatchLoop(() -> WatchSession.over(connectAndLogIn()), Path.of("mirror"),
 *         WatchLoop.Mode.PULL, SyncOptions.defaults(), WatchOptions.defaults(), listener);
 * Thread thread = new Thread(() -> { try { loop.run(); } catch (IOException e) { ... } });
 * thread.start();
 * ...
 * loop.stop();   // from any thread; run() returns once the folder is left whole
 * }</pre>
 *
 * <p><b>Pull.</b> After a first pull, it long-polls the server's change feed ({@code /changes}
 * with a {@code wait} of up to 60 s): the server answers the moment a change is numbered, and the
 * loop then runs a pull, which compares the whole listing with the local folder (a full pull
 * rather than one of just the changed paths: it is one listing and a stat per file, and it keeps
 * one code path for every case, a rebuilt index included). The loop adds no delay of its own.
 *
 * <p><b>Push.</b> After a first push, a watcher on the local folder ({@link LocalWatcher}: one
 * watch per folder, never outside the folder, never {@code .turnstile/}) reports changes; once the
 * folder has been left alone for {@link WatchOptions#quietMillis()}, a push runs. While nothing
 * changes it asks the server every {@link WatchOptions#heartbeatMillis()} whether it is there.
 *
 * <p><b>Both ({@link Mode#SYNC}).</b> One connection carries both directions, and while a long poll
 * is held the server answers nothing else on it. So the poll's wait is short
 * ({@link WatchOptions#syncPollMillis()}, 1 s), and shorter still while a local change waits for
 * its quiet period to end: a local change is pushed at most about a second after it settles, and a
 * server change is pulled at once. Each round is a pull, then a push. A pull's own writes into the
 * folder are seen by the watcher too: the push they cause finds nothing to send.
 *
 * <p><b>Failures.</b> When the server cannot be reached, is busy with another client, or the
 * connection breaks, the loop waits and connects again: 0.5 s, then twice as long each time up to
 * 30 s ({@link WatchOptions}), and runs a full round once it is back. The listener hears of it once
 * per change of state ({@link WatchListener#state}), not once per try. What no retry mends ends
 * {@link #run} with its exception: a read-only server for a push ({@link ReadOnlyFolderException}),
 * a server without a change feed for a pull ({@link NoChangeFeedException}), a {@code .turnstile}
 * that is not a real folder ({@link LocalFolderException}), or an unchecked exception of the
 * {@link WatchSession.Opener}.
 *
 * <p><b>Stop.</b> {@link #stop()} ends a held poll or a wait at once, and a running pull or push as
 * {@link Sync#stop()} does: a file is never left half-written (a pulled file is renamed into place
 * whole or not at all; an unfinished one keeps its resume record for the next run).
 */
public final class WatchLoop {

    /** Which way a watch syncs. */
    public enum Mode {
        /** The server's changes into the local folder. */
        PULL,
        /** The local folder's changes onto the server. */
        PUSH,
        /** Both: a pull, then a push, each time something changes on either side. */
        SYNC;

        boolean pulls() {
            return this != PUSH;
        }

        boolean pushes() {
            return this != PULL;
        }
    }

    private final WatchSession.Opener opener;
    private final Path localDir;
    private final Mode mode;
    private final SyncOptions syncOptions;
    private final WatchOptions options;
    private final WatchListener listener;
    private final LongSupplier clock;
    private final Wakeup wakeup;
    private final QuietPeriod quiet;
    private final Backoff backoff;
    private final boolean watchLocally;
    private SyncFilter filter = SyncFilter.none();
    private volatile boolean stopped;
    private volatile Sync running;
    private WatchState state;
    private String stateDetail;

    /**
     * @param opener connects and logs in; called again after each failure
     * @param localDir the local folder (a pull makes it if absent)
     * @param mode which way
     * @param syncOptions how each pull and push runs (not a dry run)
     * @param options how the loop waits
     * @param listener hears the loop's states, each run's summary, and everything of the runs
     */
    public WatchLoop(WatchSession.Opener opener, Path localDir, Mode mode, SyncOptions syncOptions,
            WatchOptions options, WatchListener listener) {
        this(opener, localDir, mode, syncOptions, options, listener, System::nanoTime, new Wakeup(), true);
    }

    /**
     * With a clock and a way to wait of the caller's, for tests with a manual clock; without the
     * local watcher, such a test reports local changes itself ({@link #localChange()}).
     */
    WatchLoop(WatchSession.Opener opener, Path localDir, Mode mode, SyncOptions syncOptions, WatchOptions options,
            WatchListener listener, LongSupplier clock, Wakeup wakeup, boolean watchLocally) {
        this.opener = Objects.requireNonNull(opener, "opener");
        this.localDir = Objects.requireNonNull(localDir, "localDir");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.syncOptions = Objects.requireNonNull(syncOptions, "syncOptions");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (syncOptions.dryRun()) {
            throw new IllegalArgumentException("a watch changes things: it cannot be a dry run");
        }
        this.clock = clock;
        this.wakeup = wakeup;
        this.watchLocally = watchLocally;
        this.quiet = new QuietPeriod(TimeUnit.MILLISECONDS.toNanos(options.quietMillis()));
        this.backoff = new Backoff(options.firstRetryMillis(), options.lastRetryMillis());
    }

    /**
     * Leaves out of every run the paths the filter excludes (before {@link #run()}).
     *
     * @param paths the filter, as {@link Sync#Sync(RemoteFolder, SyncOptions, SyncListener, SyncFilter)} takes it
     * @return this loop
     */
    public WatchLoop filtering(SyncFilter paths) {
        this.filter = Objects.requireNonNull(paths, "paths");
        return this;
    }

    /**
     * Syncs, then watches and syncs again on each change, until {@link #stop()}.
     *
     * @throws ReadOnlyFolderException when a push finds the server's folder read-only
     * @throws NoChangeFeedException when a pull finds a server without {@code /changes}
     * @throws LocalFolderException when the folder's {@code .turnstile} is not a real folder
     * @throws IOException when the local folder cannot be watched
     */
    public void run() throws IOException {
        LocalWatcher watcher = null;
        try {
            if (mode.pushes()) {
                if (mode.pulls() && Files.notExists(localDir, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(localDir); // as the first pull would
                }
                if (!Files.isDirectory(localDir)) {
                    throw new IOException(localDir + " is not a folder");
                }
                if (watchLocally) {
                    watcher = LocalWatcher.start(localDir.toRealPath(), path -> localChange());
                }
            }
            state(WatchState.CONNECTING, "connecting");
            while (!stopped) {
                WatchSession session;
                try {
                    session = opener.open();
                } catch (IOException e) {
                    pause(e);
                    continue;
                }
                try (session) {
                    serve(session);
                } catch (NoChangeFeedException | ReadOnlyFolderException | LocalFolderException e) {
                    throw e;
                } catch (IOException e) {
                    if (!stopped) {
                        pause(e);
                    }
                }
            }
        } finally {
            if (watcher != null) {
                watcher.close();
            }
            state(WatchState.STOPPED, "stopped");
        }
    }

    /**
     * Ends the watch: a held poll or a wait at once, a running pull or push as {@link Sync#stop()}
     * does. May be called from any thread (a Ctrl-C handler); {@link #run} then returns.
     */
    public void stop() {
        stopped = true;
        Sync sync = running;
        if (sync != null) {
            sync.stop();
        }
        wakeup.signal();
    }

    /** Something changed in the local folder (the watcher's thread). */
    void localChange() {
        quiet.changed(clock.getAsLong());
        wakeup.signal();
    }

    /** One connection's life: a full round, then a round on each change, until stopped or failed. */
    private void serve(WatchSession session) throws IOException {
        ChangeFeed feed = session.feed();
        if (mode.pulls() && feed == null) {
            throw new NoChangeFeedException("this folder has no change feed: a watch that pulls needs one");
        }
        Sync sync = new Sync(session.folder(), syncOptions, listener, filter);
        running = sync;
        if (stopped) {
            return;
        }
        long since = 0;
        String index = null;
        if (feed != null) {
            // Where the feed stands before the first pull: whatever changes after this, the next poll sees.
            try {
                ChangeFeed.Answer now = await(feed.changes(0, 0));
                since = now.seq();
                index = now.index();
            } catch (NoChangeFeedException e) {
                if (mode.pulls()) {
                    throw e;
                }
                feed = null; // an older server: a push needs no feed, and goes without the heartbeat
            }
        }
        backoff.reset();
        if (mode.pulls()) {
            pull(sync);
        }
        if (mode.pushes()) {
            quiet.clear();
            push(sync);
        }
        long lastContact = clock.getAsLong();
        while (!stopped) {
            state(WatchState.WATCHING, "up to date");
            if (mode.pulls()) {
                ChangeFeed.Answer answer = poll(feed, since);
                if (answer == null) {
                    return;
                }
                boolean changed = answer.changed() > 0 || !answer.index().equals(index);
                since = answer.seq();
                index = answer.index();
                if (changed) {
                    pull(sync);
                }
            } else {
                long heartbeat = TimeUnit.MILLISECONDS.toNanos(options.heartbeatMillis());
                long now = clock.getAsLong();
                long left = quiet.remaining(now);
                awaitSignal(left >= 0 ? left : lastContact + heartbeat - now);
                now = clock.getAsLong();
                if (!quiet.pending() && now - lastContact >= heartbeat) {
                    if (feed != null) {
                        await(feed.changes(0, 0));
                    }
                    lastContact = now; // without a feed, the next heartbeat's wait all the same (no spin)
                }
            }
            if (mode.pushes() && !stopped && quiet.take(clock.getAsLong())) {
                push(sync);
                lastContact = clock.getAsLong();
            }
        }
    }

    /** @return the answer of one long poll, or {@code null} when stopped while it was held */
    private ChangeFeed.Answer poll(ChangeFeed feed, long since) throws IOException {
        long wait = mode.pushes() ? options.syncPollMillis() : options.pollMillis();
        long quietLeft = quiet.remaining(clock.getAsLong());
        if (mode.pushes() && quietLeft >= 0) {
            // A local change waits for its quiet period: the poll must not hold the connection longer.
            wait = Math.min(wait, TimeUnit.NANOSECONDS.toMillis(quietLeft + 999_999));
        }
        CompletableFuture<ChangeFeed.Answer> answer = feed.changes(since, wait);
        answer.whenComplete((done, failure) -> wakeup.signal());
        while (!answer.isDone() && !stopped) {
            awaitSignal(Long.MAX_VALUE);
        }
        return stopped ? null : await(answer);
    }

    private void pull(Sync sync) throws IOException {
        state(WatchState.SYNCING, "pulling");
        // In a two-way watch a local change is the push's to send, not a kept file to report.
        listener.synced(false, mode.pushes() ? sync.pullBeforePush(localDir) : sync.pull(localDir));
    }

    private void push(Sync sync) throws IOException {
        state(WatchState.SYNCING, "pushing");
        listener.synced(true, sync.push(localDir));
    }

    /** Waits before the next try, saying why once; a stop ends the wait. */
    private void pause(IOException failure) throws InterruptedIOException {
        state(WatchState.RECONNECTING, String.valueOf(failure.getMessage()));
        long wait = TimeUnit.MILLISECONDS.toNanos(backoff.nextMillis());
        long start = clock.getAsLong();
        long left = wait;
        while (!stopped && left > 0) {
            awaitSignal(left);
            left = start + wait - clock.getAsLong();
        }
    }

    private void awaitSignal(long nanos) throws InterruptedIOException {
        try {
            wakeup.await(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the watch was interrupted");
        }
    }

    private <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the watch was interrupted");
        } catch (ExecutionException e) {
            throw RemoteFolders.typed(e.getCause());
        }
    }

    /**
     * Tells the listener, once per change: a new state, or a new step while syncing. Tries that
     * fail in a row are one {@link WatchState#RECONNECTING}, whatever each failure says.
     */
    private synchronized void state(WatchState now, String detail) {
        if (now != state || (now == WatchState.SYNCING && !detail.equals(stateDetail))) {
            state = now;
            stateDetail = detail;
            listener.state(now, detail);
        }
    }
}
