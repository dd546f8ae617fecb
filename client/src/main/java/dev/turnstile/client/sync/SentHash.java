package dev.turnstile.client.sync;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.HashCache;
import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The SHA-256 of a large new file taken while a push sends it, instead of before the first byte
 * goes out (docs/clients.md, "A pushed file"): the plan leaves such a file unhashed
 * ({@link SyncPlan.Hashes#canWait}), its upload begins without {@code sha256}, the bytes go out by
 * {@code sendfile} while {@link BackgroundHash} reads the file on a thread of its own, and the hash
 * is given at the commit.
 *
 * <p><b>The guard.</b> The server verifies the bytes it received against that hash, which catches a
 * file whose bytes differed between the send and the hashing read, but not one that changed the same
 * way under both. So the file is also looked at ({@link FileStat}: size, modification and change
 * time, identity) before the first byte is read and after the last one is sent and hashed, and
 * committed only if the two looks are equal: every write moves the change time, which no program
 * can set back. A write in the same tick of the clock as the first look would not move it visibly,
 * so a file changed less than {@link HashCache#RACY_MILLIS} ms before that look, or on a platform
 * that gives no change time or identity, is hashed first instead, as a small file is, and the
 * server's check against that hash is the guard. A resumed upload is hashed whole from the local
 * file as it is now: if the bytes an earlier run sent are not those, the server's check fails and
 * the file is sent again; never committed as a mix.
 *
 * <p>It also keeps the version each upload commits, so that the sync records the hash of what it
 * pushed ({@link #filledIn}).
 */
final class SentHash {

    /** Files of at least this many bytes that the server lacks are hashed while they are sent. */
    static final long FROM_BYTES = 8L * 1024 * 1024;

    private final Path root;
    private final LocalHashes cache;
    private final LongSupplier wallClockMillis;
    /** The version each upload is committed with, by path. */
    private final Map<String, FileEntry> committing = new ConcurrentHashMap<>();

    /**
     * @param cache where to remember the hashes taken, or {@code null}
     * @param wallClockMillis the time, for how long ago a file last changed
     */
    SentHash(Path root, LocalHashes cache, LongSupplier wallClockMillis) {
        this.root = root;
        this.cache = cache;
        this.wallClockMillis = wallClockMillis;
    }

    /** One file being sent. */
    final class Sending {
        private final String path;
        private final FileStat before;
        private final long hashingBegan;
        private final BackgroundHash background;
        private final String hashedFirst;

        private Sending(String path, FileStat before, long hashingBegan, BackgroundHash background, String hashedFirst) {
            this.path = path;
            this.before = before;
            this.hashingBegan = hashingBegan;
            this.background = background;
            this.hashedFirst = hashedFirst;
        }

        /** Stops a hashing that will not be used: the file is not committed (a stop, a failure). */
        void abandon() {
            if (background != null) {
                background.abandon();
            }
        }

        /**
         * Looks at the file after its last byte was sent.
         *
         * @return the SHA-256 to give at the commit; {@code null} when the file changed (or may
         *     have) while it was sent: it must not be committed
         */
        String finish() throws IOException {
            // The hash first: a thread of its own may still be reading, and the look must come after.
            String hex = background != null ? background.await() : hashedFirst;
            FileStat after = FileStat.read(path, SyncPaths.local(root, path));
            if (hex == null || after == null) {
                return null;
            }
            if (background == null) {
                return before.matches(after) ? hex : null; // hashed first: the server's check is the guard
            }
            if (!before.matchesFully(after)) {
                return null;
            }
            if (cache != null) {
                cache.sent(before, hex, hashingBegan);
            }
            return hex;
        }
    }

    /**
     * Looks at a file before its first byte is sent, and starts hashing it whole (the bytes an
     * earlier run sent too) on a thread of its own, or hashes it now when it changed moments ago.
     *
     * @throws IOException when the file cannot be read, or is no longer a regular file
     */
    Sending start(String path) throws IOException {
        long hashingBegan = cache != null ? cache.hashingBegins() : 0;
        long now = wallClockMillis.getAsLong();
        FileStat before = FileStat.read(path, SyncPaths.local(root, path));
        if (before == null) {
            throw new IOException("it is no longer a regular file");
        }
        if (!before.hasCtime() || before.fileKey() == null || now - lastChangeMillis(before) < HashCache.RACY_MILLIS) {
            return new Sending(path, before, hashingBegan, null, hashFirst(path, before));
        }
        return new Sending(path, before, hashingBegan, BackgroundHash.start(SyncPaths.local(root, path), before.size()),
                null);
    }

    /**
     * Hashes a file before it is sent: for a server that needs the hash at the beginning, or a file
     * that changed moments ago.
     *
     * @return its SHA-256, or {@code null} when it is no longer a regular file
     */
    String hashFirst(String path) throws IOException {
        FileStat now = FileStat.read(path, SyncPaths.local(root, path));
        return now == null ? null : hashFirst(path, now);
    }

    private String hashFirst(String path, FileStat look) throws IOException {
        return cache != null ? cache.sha256(look) : Sha256.ofFile(SyncPaths.local(root, path));
    }

    private static long lastChangeMillis(FileStat look) {
        return Math.floorDiv(Math.max(look.mtimeNanos(), look.ctimeNanos()), 1_000_000L);
    }

    /** Remembers the version an upload is committed with: its content hash known now. */
    void committing(FileEntry version) {
        committing.put(version.path(), version);
    }

    /**
     * @return the plan with the hash of each copied file that was planned without one, as it was
     *     committed: what the sync records as the version both sides now agree on
     */
    SyncPlan filledIn(SyncPlan plan) {
        if (committing.isEmpty()) {
            return plan;
        }
        List<SyncPlan.Action> actions = new ArrayList<>(plan.actions().size());
        for (SyncPlan.Action action : plan.actions()) {
            FileEntry sent = action.source() == null || action.source().sha256() != null ? null
                    : committing.get(action.path());
            actions.add(sent == null ? action : new SyncPlan.Action(action.kind(), action.path(), new FileEntry(
                    sent.path(), sent.size(), sent.mtimeMillis(), sent.sha256(), action.source().mode()),
                    action.target(), action.reason()));
        }
        return SyncPlan.of(actions);
    }
}
