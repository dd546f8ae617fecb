package dev.turnstile.client.sync;

import java.io.IOException;

/**
 * Carries out the deletions of a push plan ({@link SyncPlan.Kind#DELETE}), pipelined: each server
 * file is deleted only if it is still the listed version. One that changed meanwhile is reported by
 * its path and kept; one already gone counts as deleted; any other failure stops the run.
 */
final class PushDeletions {

    private final RemoteFolder remote;
    private final Window window;
    private final SyncRun run;

    PushDeletions(RemoteFolder remote, Window window, SyncRun run) {
        this.remote = remote;
        this.window = window;
        this.run = run;
    }

    /** Sends the plan's deletions; their answers settle on the connection's thread as they come. */
    void run(SyncPlan plan) throws IOException {
        for (SyncPlan.Action action : plan.actions(SyncPlan.Kind.DELETE)) {
            if (run.stopped() != null) {
                break;
            }
            window.acquire();
            remote.delete(action.path(), action.target().sha256()).whenComplete((ignored, failure) -> {
                try {
                    if (failure == null) {
                        run.deleted(action.path());
                        return;
                    }
                    IOException error = RemoteFolders.typed(failure);
                    if (error instanceof RemoteFileMissingException) {
                        run.deleted(action.path());
                    } else if (error instanceof RemoteFileChangedException) {
                        run.problem(action.path(), "changed on the server since it was listed; not deleted");
                    } else {
                        run.stop(error);
                    }
                } finally {
                    window.release();
                }
            });
        }
    }
}
