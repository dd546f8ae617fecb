package dev.turnstile.client.sync;

import dev.turnstile.client.AttachmentSink;
import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.HashCache;
import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The SHA-256 of a large new file taken from its bytes as a push sends them, so the file is read
 * once instead of twice (docs/clients.md, "A pushed file"): the plan leaves such a file unhashed
 * ({@link SyncPlan.Hashes#canWait}), its upload begins without {@code sha256}, every piece sent is
 * shown to the digest just before it goes out, and the hash is given at the commit.
 *
 * <p><b>The guard.</b> The server then verifies the bytes it received against the hash of the same
 * bytes, which cannot catch a file that changed while it was read. So the file is looked at
 * ({@link FileStat}: size, modification and change time, identity) before the first byte is read
 * and after the last, and committed only if the two looks are equal: every write moves the change
 * time, which no program can set back. A write in the same tick of the clock as the first look
 * would not move it visibly, so a file changed less than {@link HashCache#RACY_MILLIS} ms before
 * that look, or on a platform that gives no change time or identity, is hashed first instead, as a
 * small file is, and the server's check against that hash is the guard. A resumed upload's bytes
 * that an earlier run sent are hashed from the local file as it is now: if they are not what the
 * server holds, its check fails and the file is sent again; never committed as a mix.
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
        private final MessageDigest digest;
        private final String hashedFirst;

        private Sending(String path, FileStat before, long hashingBegan, MessageDigest digest, String hashedFirst) {
            this.path = path;
            this.before = before;
            this.hashingBegan = hashingBegan;
            this.digest = digest;
            this.hashedFirst = hashedFirst;
        }

        /**
         * @return what to show every byte sent, in order, on the sending thread; {@code null} when
         *     the file was hashed first (its bytes may then go by {@code sendfile})
         */
        AttachmentSink sink() {
            return digest == null ? null : digest::update;
        }

        /** @return whether the file is hashed as it is sent (else it was hashed before) */
        boolean streaming() {
            return digest != null;
        }

        /**
         * Looks at the file after its last byte was sent.
         *
         * @return the SHA-256 to give at the commit; {@code null} when the file changed (or may
         *     have) while it was sent: it must not be committed
         */
        String finish() throws IOException {
            FileStat after = FileStat.read(path, SyncPaths.local(root, path));
            if (after == null) {
                return null;
            }
            if (digest == null) {
                return before.matches(after) ? hashedFirst : null;
            }
            if (!before.matchesFully(after)) {
                return null;
            }
            String hex = Sha256.hex(digest);
            if (cache != null) {
                cache.sent(before, hex, hashingBegan);
            }
            return hex;
        }
    }

    /**
     * Looks at a file before its first byte is sent, and hashes what an earlier run sent already.
     *
     * @param channel the file, open for reading
     * @param resumeFrom how many leading bytes the server holds already
     * @throws IOException when the file cannot be read, or is no longer a regular file
     */
    Sending start(String path, FileChannel channel, long resumeFrom) throws IOException {
        long hashingBegan = cache != null ? cache.hashingBegins() : 0;
        long now = wallClockMillis.getAsLong();
        FileStat before = FileStat.read(path, SyncPaths.local(root, path));
        if (before == null) {
            throw new IOException("it is no longer a regular file");
        }
        if (!before.hasCtime() || before.fileKey() == null || now - lastChangeMillis(before) < HashCache.RACY_MILLIS) {
            return new Sending(path, before, hashingBegan, null, hashFirst(path, before));
        }
        MessageDigest digest = Sha256.digest();
        if (resumeFrom > 0 && Sha256.update(digest, channel, 0, resumeFrom) != resumeFrom) {
            throw new IOException("it is shorter than the " + resumeFrom + " bytes the server holds already");
        }
        return new Sending(path, before, hashingBegan, digest, null);
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
