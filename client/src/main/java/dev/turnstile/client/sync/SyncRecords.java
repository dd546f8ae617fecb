package dev.turnstile.client.sync;

import java.io.IOException;
import java.util.Map;

/**
 * After a run, writes into the {@link SyncState} what both sides now agree on: a file copied,
 * touched or found equal gets the version now on both sides as its base, a file deleted loses it;
 * a path that failed, or that the run left for being changed on the other side, keeps its old base.
 * Only what the run finished counts: an interrupted run records what it did, no more.
 */
final class SyncRecords {

    private SyncRecords() {
    }

    static void pulled(SyncState state, SyncPlan plan, SyncRun run, LocalHashes cache, SyncPlan.Side server,
            LocalTree tree) {
        for (SyncPlan.Action action : plan.actions()) {
            String path = action.path();
            switch (action.kind()) {
                case SKIP:
                    state.agreed(action.source());
                    break;
                case COPY:
                case TOUCH:
                    if (run.done(path)) {
                        agreedAsWritten(state, cache, action.source());
                    }
                    break;
                case DELETE:
                    if (run.done(path)) {
                        state.gone(path);
                    }
                    break;
                default:
                    break;
            }
        }
        retainKnown(state, server, tree);
    }

    /**
     * A copied file may be a newer version than planned (it changed on the server during the run):
     * the base is what was written, as the hash cache saw it verified.
     */
    private static void agreedAsWritten(SyncState state, LocalHashes cache, FileEntry planned) {
        try {
            FileEntry written = cache.current(planned.path());
            if (written != null) {
                state.agreed(written);
            }
        } catch (IOException e) {
            // Not recorded: the next run compares the file again, and finds it equal.
        }
    }

    static void pushed(SyncState state, SyncPlan plan, SyncRun run, Map<String, String> keptAs, SyncPlan.Side server,
            LocalTree tree) {
        for (SyncPlan.Action action : plan.actions()) {
            String path = action.path();
            switch (action.kind()) {
                case SKIP:
                    state.agreed(action.source());
                    break;
                case COPY:
                    if (run.done(path)) {
                        state.agreed(action.source());
                        state.serverWrote(action.source());
                        String name = keptAs.get(path);
                        if (name != null) {
                            FileEntry replaced = action.target();
                            state.serverWrote(new FileEntry(name, replaced.size(), replaced.mtimeMillis(), replaced.sha256()));
                        }
                    }
                    break;
                case DELETE:
                    if (run.done(path)) {
                        state.gone(path);
                        state.serverDeleted(path);
                    }
                    break;
                default:
                    break;
            }
        }
        retainKnown(state, server, tree);
    }

    /** Forgets the base of every path neither side has any more (a name the server refused counts as had). */
    private static void retainKnown(SyncState state, SyncPlan.Side server, LocalTree tree) {
        state.retainBase(path -> server.files().containsKey(path) || tree.files.containsKey(path)
                || server.refused().containsKey(path));
    }
}
