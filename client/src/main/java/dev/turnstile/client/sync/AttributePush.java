package dev.turnstile.client.sync;

import java.io.IOException;

/**
 * Puts right, on the server, the attributes of files whose content is already equal
 * ({@link SyncPlan.Kind#TOUCH}): the modification time and the executable bits, with
 * {@code /set_attributes} ({@link RemoteFolder#setAttributes}), never the content again. Each is
 * set only if the server's file is still the listed version; one that changed meanwhile is
 * reported by its path, and the others go on.
 */
final class AttributePush {

    private final RemoteFolder remote;
    private final Window window;
    private final SyncRun run;

    AttributePush(RemoteFolder remote, Window window, SyncRun run) {
        this.remote = remote;
        this.window = window;
        this.run = run;
    }

    /** Sends the plan's attribute changes, pipelined; the caller drains the window. */
    void run(SyncPlan plan) throws IOException {
        for (SyncPlan.Action action : plan.actions(SyncPlan.Kind.TOUCH)) {
            if (run.stopped() != null) {
                return;
            }
            FileEntry source = action.source();
            FileEntry target = action.target();
            int wanted = PermissionBits.wanted(source, target);
            int mode = wanted == target.mode() ? FileEntry.NO_MODE : uploadMode(wanted);
            Long mtime = source.mtimeMillis() == target.mtimeMillis() ? null : source.mtimeMillis();
            if (mode == FileEntry.NO_MODE && mtime == null) {
                run.touched(action.path());
                continue;
            }
            window.acquire();
            remote.setAttributes(action.path(), target.sha256(), mode, mtime).whenComplete((ignored, failure) -> {
                try {
                    if (failure == null) {
                        run.touched(action.path());
                        return;
                    }
                    IOException error = RemoteFolders.typed(failure);
                    if (error instanceof RemoteFileChangedException) {
                        run.problem(action.path(), "changed on the server since it was listed; its attributes were not set");
                    } else if (error instanceof RemoteFileMissingException) {
                        run.problem(action.path(), "gone from the server since it was listed; its attributes were not set");
                    } else {
                        run.stop(error);
                    }
                } finally {
                    window.release();
                }
            });
        }
    }

    /**
     * @return the bits to send for a file the server writes: the server reads its files back as
     *     their owner, so the owner's read is always kept
     */
    static int uploadMode(int wanted) {
        return wanted == FileEntry.NO_MODE ? wanted : wanted | PermissionBits.OWNER_READ;
    }
}
