package dev.turnstile.client.sync;

import java.io.IOException;

/**
 * The local files' hashes for a push's plan: from the {@link LocalHashes} cache, or read. A large
 * file the server lacks, whose hash the cache does not know, waits to be hashed while it is sent
 * ({@link SentHash}), when the server takes the hash at the commit: the plan needs no hash to copy
 * a file the server does not have.
 */
final class PushHashes implements SyncPlan.Hashes {

    private final LocalHashes cache;
    private final LocalTree tree;
    private final boolean hashAtCommit;

    /** @param hashAtCommit whether the server may take a file's hash at the commit ({@link RemoteFolder#takesHashAtCommit}) */
    PushHashes(LocalHashes cache, LocalTree tree, boolean hashAtCommit) {
        this.cache = cache;
        this.tree = tree;
        this.hashAtCommit = hashAtCommit;
    }

    @Override
    public String sha256(FileEntry file) throws IOException {
        return cache.sha256(tree.files.get(file.path()));
    }

    @Override
    public boolean canWait(FileEntry file) {
        return hashAtCommit && file.size() >= SentHash.FROM_BYTES && cache.cached(tree.files.get(file.path())) == null;
    }
}
