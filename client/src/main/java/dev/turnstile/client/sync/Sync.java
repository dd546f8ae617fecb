package dev.turnstile.client.sync;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.SharePath;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Makes a local folder equal to a server's shared folder ({@link #pull}), or the reverse
 * ({@link #push}), transferring only what differs, verified, resumable.
 *
 * <pre>{@code
 * try (RemoteFolder folder = RemoteFolders.over(client)) {
 *     SyncSummary summary = new Sync(folder, SyncOptions.defaults().withDelete(true), SyncListener.NONE)
 *             .pull(Path.of("mirror"));
 *     System.out.println(summary.line());
 * }
 * }</pre>
 *
 * <p><b>What is compared.</b> Files by size and SHA-256; a file of equal content whose time
 * differs only gets the source's time (pull). Local hashes come from a cache kept in
 * {@code LOCAL_DIR/.turnstile/} (by path, size, modification and change time, and identity: the
 * {@link dev.turnstile.filemodel.HashCache} the server uses too), so an unchanged tree is not read
 * again. Permission bits travel as rsync keeps them without {@code -p} ({@link PermissionBits});
 * a difference of time or executable bits alone is put right without the content. A pull makes
 * the server's folders, empty ones too, and with {@code --delete} removes the empty local ones the
 * server lacks ({@link LocalFolders}); a push does the same on the server ({@link PushedFolders}); names the server cannot share are named, not skipped in
 * silence.
 *
 * <p><b>Changes on both sides.</b> Each difference is judged against the base, the version both
 * sides last agreed on, kept with the server's change feed position in
 * {@code LOCAL_DIR/.turnstile/state.txt}: a change the destination made since then is kept, not
 * overwritten or deleted, and a file both sides changed keeps the destination's version as a
 * conflict copy ({@link ConflictRule}, {@link SyncSummary#conflictCopies()});
 * {@link SyncOptions#force()} makes the destination a mirror instead. With a feed position
 * remembered, the server's side is what changed since it ({@code /changes}), not a full listing.
 *
 * <p><b>Safety.</b> A pulled file is written to a hidden temporary file beside its target
 * ({@code .name.turnstile-part}) and hashed as its bytes arrive; once complete it is verified (size
 * and SHA-256, and a look at the temporary file that shows whether another program wrote to it
 * meanwhile), forced to disk, given the source's modification time, and renamed over the target;
 * its folder is forced to disk before the sync returns (SPEC §8). A file the server lists as still
 * being written is reported and, like every path the sync refuses, never deleted. A path from the server that could leave LOCAL_DIR is refused, and no link inside LOCAL_DIR
 * is followed or written through: not on the way to a target, not at a temporary file's name, not
 * in the {@code .turnstile} state folder (a link there is refused: {@link LocalFolderException}).
 * A file that changes at the source during its transfer is fetched again (up to
 * {@link SyncOptions#attempts()} times) or reported, never left half old, half new.
 *
 * <p><b>Resume.</b> An interrupted pull leaves each unfinished file's temporary file and a resume
 * record ({@code .name.turnstile-resume}); the next pull goes on from the recorded bytes when the
 * source is unchanged and those bytes still hash as recorded, and starts the file over otherwise.
 * A run that completes leaves no temporary file behind. The sync records the temporary files it
 * makes ({@code .turnstile/temporaries.txt}) and removes only those: a user's own file that
 * merely has such a name is reported, never synced or deleted.
 *
 * <p><b>Errors.</b> A path that cannot be synced (a conflict, a refused path, a local name that is
 * not valid UTF-8 or that the server keeps for itself, a file that kept changing) does not stop the
 * others: it is in {@link SyncSummary#problems()}, escaped so that it prints as one line. A
 * failure of the connection, or a read-only server for a push ({@link ReadOnlyFolderException}),
 * ends the run with that exception, keeping what was fetched for the next run.
 *
 * <p><b>Threads.</b> One sync at a time per instance; {@link #stop()} may be called from any
 * thread (a Ctrl-C handler).
 */
public final class Sync {

    private final RemoteFolder remote;
    private final SyncOptions options;
    private final SyncListener listener;
    private final SyncFilter filter;
    private volatile boolean stopRequested;
    private volatile SyncRun running;
    /** The umask that masks the source's permission bits ({@link PermissionBits}): the client's. */
    private final int umask = PermissionBits.localUmask();
    /** The time, for how long ago a file hashed while it is pushed last changed ({@link SentHash}). */
    private LongSupplier wallClockMillis = System::currentTimeMillis;

    /**
     * @param remote the server's shared folder
     * @param options how to run
     * @param listener hears the plan, the progress and each path's problem
     */
    public Sync(RemoteFolder remote, SyncOptions options, SyncListener listener) {
        this(remote, options, listener, SyncFilter.none());
    }

    /**
     * @param remote the server's shared folder
     * @param options how to run
     * @param listener hears the plan, the progress and each path's problem
     * @param filter the paths to leave out, besides those of both sides' {@value SyncFilter#IGNORE_FILE}
     */
    public Sync(RemoteFolder remote, SyncOptions options, SyncListener listener, SyncFilter filter) {
        this.remote = Objects.requireNonNull(remote, "remote");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    /** @return this, with another clock for {@link SentHash}: tests whose files were written moments ago */
    Sync withWallClock(LongSupplier millis) {
        this.wallClockMillis = Objects.requireNonNull(millis, "millis");
        return this;
    }

    /**
     * Makes {@code localDir} equal to the server's folder (created if absent, unless a dry run).
     *
     * @param localDir the local folder
     * @return what was done (or, for a dry run, what would be)
     * @throws LocalFolderException when the folder's {@code .turnstile} is not a real folder
     * @throws IOException when the connection fails or the local folder cannot be used
     */
    public SyncSummary pull(Path localDir) throws IOException {
        return pull(localDir, false);
    }

    /**
     * A pull that a push of the same folder follows at once, as {@code turnstile-cli sync} runs
     * them: as {@link #pull}, except that a file changed or made only here since the last sync is
     * left to that push instead of being reported as kept.
     *
     * @param localDir the local folder
     * @return what was done (or, for a dry run, what would be)
     * @throws IOException as {@link #pull} throws it
     */
    public SyncSummary pullBeforePush(Path localDir) throws IOException {
        return pull(localDir, true);
    }

    private SyncSummary pull(Path localDir, boolean pushFollows) throws IOException {
        long start = System.nanoTime();
        boolean exists = Files.isDirectory(localDir);
        if (!exists && Files.exists(localDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(localDir + " is not a folder");
        }
        if (!exists && options.dryRun()) {
            SyncPlan.Side source = PermissionBits.masked(RemoteListing.fetch(remote), umask);
            FilteredSides filtered = FilteredSides.of(filter, null, source, remote);
            source = filtered.apply(source);
            filtered.report(listener);
            return planned(SyncPlan.compare(source, emptySide(), options.delete(), true, SyncPlan.Side::hashless), start);
        }
        if (!exists) {
            Files.createDirectories(localDir);
        }
        Path root = localDir.toRealPath();
        StateFolder state = StateFolder.open(root, !options.dryRun());
        LocalHashes cache = LocalHashes.load(root, state, listener::notice);
        SyncState synced = SyncState.load(state, listener::notice);
        RemoteListing.Listing listing = ServerView.fetch(remote, synced);
        SyncPlan.Side source = PermissionBits.masked(listing.side(), umask);
        try (OwnTemporaries temporaries = OwnTemporaries.load(root, state, !options.dryRun())) {
            LocalTree tree = LocalTree.scan(root);
            Map<String, String> reported = new TreeMap<>(notOurs(tree, temporaries));
            if (options.delete()) {
                // What cannot be named cannot be deleted either: the folder cannot be made equal.
                tree.unnamable.forEach((path, why) -> reported.put(path, why + "; not deleted"));
            }
            SyncPlan.Side target = new SyncPlan.Side(entries(tree), tree.folders, tree.others, reported);
            FilteredSides filtered = FilteredSides.of(filter, root, source, remote);
            SyncPlan.Side kept = filtered.apply(source);
            target = filtered.apply(target);
            filtered.report(listener);
            BaseJudgement judged = BaseJudgement.judge(SyncPlan.compare(kept, target, options.delete(), true,
                    file -> cache.sha256(tree.files.get(file.path()))), synced.base,
                    file -> cache.sha256ForOverwrite(tree.files.get(file.path())), options.force(), true, Instant.now(),
                    path -> tree.files.containsKey(path) || tree.folders.contains(path) || tree.others.containsKey(path)
                            || tree.ownNamed.contains(path) || kept.files().containsKey(path));
            if (pushFollows) {
                judged = judged.leavingTargetChangesToTheOtherWay();
            }
            if (options.dryRun()) {
                return planned(judged.plan, start, ConflictCopies.planned(judged, true));
            }
            ConflictCopies copies = new ConflictCopies(root, judged.keepAs);
            SyncPlan plan = judged.plan;
            SyncRun run = begin(plan);
            try {
                new Puller(remote, root, options, run, cache, temporaries, tree.ownNamed).keepingLocal(copies)
                        .keepingBlocks(KeptBlocks.in(state))
                        .run(plan, kept.folders());
                if (run.stopped() == null) {
                    // The filtered sides: an excluded folder is neither made nor removed. Before a push,
                    // an empty local folder the server lacks may be new here: the push makes it there.
                    new LocalFolders(root, run).mirror(kept, target.folders(),
                            options.delete() && listing.listsFolders() && !pushFollows);
                }
            } finally {
                running = null;
                saveQuietly(cache, tree);
                SyncRecords.pulled(synced, plan, run, cache, source, tree);
                saveQuietly(synced, state);
                if (run.stopped() == null) {
                    sweep(root, tree, temporaries);
                }
            }
            return summary(plan, run, start, copies.lines());
        }
    }

    /**
     * Makes the server's folder equal to {@code localDir}.
     *
     * @param localDir the local folder
     * @return what was done (or, for a dry run, what would be)
     * @throws ReadOnlyFolderException when the server's folder is read-only
     * @throws LocalFolderException when the folder's {@code .turnstile} is not a real folder
     * @throws IOException when the connection fails or the local folder cannot be read
     */
    public SyncSummary push(Path localDir) throws IOException {
        long start = System.nanoTime();
        if (!Files.isDirectory(localDir)) {
            throw new IOException(localDir + " is not a folder");
        }
        Path root = localDir.toRealPath();
        StateFolder state = StateFolder.open(root, !options.dryRun());
        LocalHashes cache = LocalHashes.load(root, state, listener::notice);
        SyncState synced = SyncState.load(state, listener::notice);
        LocalTree tree = LocalTree.scan(root);
        SortedMap<String, FileEntry> files = new TreeMap<>();
        Map<String, String> refused = new TreeMap<>();
        for (Map.Entry<String, FileEntry> file : entries(tree).entrySet()) {
            String why = SyncPaths.refusal(file.getKey());
            if (why == null) {
                files.put(file.getKey(), file.getValue());
            } else {
                refused.put(file.getKey(), "refused: the path " + why);
            }
        }
        try (OwnTemporaries temporaries = OwnTemporaries.load(root, state, !options.dryRun())) {
            refused.putAll(notOurs(tree, temporaries));
        }
        refused.putAll(tree.unnamable);
        RemoteListing.Listing listing = ServerView.fetch(remote, synced);
        SyncPlan.Side target = listing.side();
        for (Map.Entry<String, String> listed : target.refused().entrySet()) {
            // A file still being written on the server is not overwritten under its writer.
            if (listed.getValue().equals(RemoteListing.STILL_WRITTEN) && files.remove(listed.getKey()) != null) {
                refused.put(listed.getKey(), RemoteListing.STILL_WRITTEN);
            }
        }
        SyncPlan.Side source = new SyncPlan.Side(PermissionBits.masked(files, umask), tree.folders, tree.others, refused);
        FilteredSides filtered = FilteredSides.of(filter, root, target, remote);
        source = filtered.apply(source);
        target = filtered.apply(new SyncPlan.Side(target.files(), target.folders(), Map.of(), Map.of()));
        filtered.report(listener);
        SyncPlan.Side server = target;
        BaseJudgement judging = BaseJudgement.judge(SyncPlan.compare(source, target, options.delete(), true,
                new PushHashes(cache, tree, remote.takesHashAtCommit())), synced.base, SyncPlan.Side::hashless,
                options.force(), false, Instant.now(), path -> server.files().containsKey(path)
                        || server.folders().contains(path) || files.containsKey(path) || tree.folders.contains(path));
        // A server without a change feed predates keep_replaced_as: it would keep nothing.
        BaseJudgement judged = synced.index() != null ? judging : judging.keepingNothing();
        SyncPlan plan = judged.plan;
        if (options.dryRun()) {
            return planned(plan, start, ConflictCopies.planned(judged, false));
        }
        SyncRun run = begin(plan);
        SentHash sent = new SentHash(root, cache, wallClockMillis);
        try (UploadRecords uploads = UploadRecords.load(state)) {
            new Pusher(remote, root, options, run, uploads).keepingReplaced(judged.keepAs).hashingWith(sent).run(plan);
            // The filtered sides: an excluded folder is neither made nor removed.
            new PushedFolders(remote, root, run, umask).mirror(source, server, options.delete() && listing.listsFolders());
        } finally {
            running = null;
            saveQuietly(cache, tree);
            SyncRecords.pushed(synced, sent.filledIn(plan), run, judged.keepAs, server, tree);
            saveQuietly(synced, state);
        }
        return summary(plan, run, start, ConflictCopies.kept(judged, run));
    }

    /**
     * @return the files named like the sync's temporary files that it did not make (a user's
     *     {@code notes.turnstile-part}), each with why it is left alone: never synced, never deleted
     */
    private static Map<String, String> notOurs(LocalTree tree, OwnTemporaries temporaries) throws IOException {
        Map<String, String> notOurs = new TreeMap<>();
        for (String path : tree.ownNamed) {
            if (!temporaries.owns(path)) {
                notOurs.put(path, "has the name of the sync's temporary files (*" + SyncPaths.PART_SUFFIX + ", *"
                        + SyncPaths.RESUME_SUFFIX + ") but the sync did not make it; it is left alone, not synced");
            }
        }
        return notOurs;
    }

    /**
     * Stops a running sync as soon as the requests in flight are answered; what a pull fetched
     * is kept for the next run. The sync then throws an {@link InterruptedIOException}.
     */
    public void stop() {
        stopRequested = true;
        SyncRun run = running;
        if (run != null) {
            run.stop(new InterruptedIOException("the sync was stopped"));
        }
    }

    private SyncRun begin(SyncPlan plan) {
        listener.planned(plan);
        SyncRun run = new SyncRun(listener, plan);
        running = run;
        if (stopRequested) {
            run.stop(new InterruptedIOException("the sync was stopped"));
        }
        for (SyncPlan.Action conflict : plan.actions(SyncPlan.Kind.CONFLICT)) {
            run.problem(conflict.path(), conflict.reason());
        }
        return run;
    }

    private SyncSummary planned(SyncPlan plan, long start) {
        return planned(plan, start, List.of());
    }

    private SyncSummary planned(SyncPlan plan, long start, List<String> conflictCopies) {
        listener.planned(plan);
        java.util.List<String> problems = new java.util.ArrayList<>();
        for (SyncPlan.Action conflict : plan.actions(SyncPlan.Kind.CONFLICT)) {
            problems.add(SharePath.escape(conflict.path() + ": " + conflict.reason()));
        }
        return new SyncSummary(plan, 0, 0, plan.count(SyncPlan.Kind.SKIP), 0, problems.size(), 0,
                System.nanoTime() - start, problems, true, conflictCopies);
    }

    private static SyncSummary summary(SyncPlan plan, SyncRun run, long start, List<String> conflictCopies) {
        java.util.List<String> problems = run.problems();
        return new SyncSummary(plan, run.copied(), run.touched(), plan.count(SyncPlan.Kind.SKIP), run.deleted(),
                problems.size(), run.transferred(), System.nanoTime() - start, problems, false, conflictCopies);
    }

    /**
     * Saves the hash cache. It only saves time: failing to write it must not turn a finished sync
     * into a failed one (or hide the failure that ended it); the next run hashes again.
     */
    private static void saveQuietly(LocalHashes cache, LocalTree tree) {
        try {
            cache.save(tree.files.keySet());
        } catch (IOException e) {
            // See above.
        }
    }

    /** Saves the sync state; failing to must not fail a finished sync (the next one lists the server whole). */
    private static void saveQuietly(SyncState synced, StateFolder state) {
        try {
            synced.save(state);
        } catch (IOException e) {
            // See above.
        }
    }

    /**
     * Removes the temporary files and resume records of earlier runs that no file of this run went
     * on from: only those the sync recorded as its own.
     */
    private static void sweep(Path root, LocalTree tree, OwnTemporaries temporaries) {
        for (String leftover : tree.ownNamed) {
            try {
                if (temporaries.owns(leftover)) {
                    Files.deleteIfExists(SyncPaths.local(root, leftover));
                    temporaries.removed(leftover);
                }
            } catch (IOException e) {
                // Still there next time, and swept then.
            }
        }
    }

    private static SortedMap<String, FileEntry> entries(LocalTree tree) {
        SortedMap<String, FileEntry> files = new TreeMap<>();
        for (FileStat file : tree.files.values()) {
            files.put(file.path(), new FileEntry(file.path(), file.size(), file.mtimeMillis(), null,
                    tree.modes.getOrDefault(file.path(), FileEntry.NO_MODE)));
        }
        return files;
    }

    private static SyncPlan.Side emptySide() {
        return new SyncPlan.Side(new TreeMap<>(), java.util.Set.of(), new HashMap<>(), Map.of());
    }
}
