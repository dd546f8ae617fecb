package dev.turnstile.client.sync;

import dev.turnstile.client.AttachmentSink;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A remote folder that passes every call on; tests override one call to make a server misbehave. */
class ForwardingRemote implements RemoteFolder {

    private final RemoteFolder next;

    ForwardingRemote(RemoteFolder next) {
        this.next = next;
    }

    /**
     * @return the folder, running {@code then} as the sync asks for its {@code nth} chunk of
     *     {@code path} (of any file when {@code null}): a connection lost or a stop mid-pull
     */
    static RemoteFolder atRead(RemoteFolder folder, String path, int nth, Runnable then) {
        AtomicInteger reads = new AtomicInteger();
        return new ForwardingRemote(folder) {
            @Override
            public CompletableFuture<FileEntry> read(String asked, long offset, int length, ChunkTarget into) {
                if ((path == null || path.equals(asked)) && reads.incrementAndGet() == nth) {
                    then.run();
                }
                return super.read(asked, offset, length, into);
            }
        };
    }

    @Override
    public int maxChunkBytes() {
        return next.maxChunkBytes();
    }

    @Override
    public CompletableFuture<ListingPage> list(String cursor) {
        return next.list(cursor);
    }

    @Override
    public CompletableFuture<Chunk> read(String path, long offset, int length) {
        return next.read(path, offset, length);
    }

    @Override
    public CompletableFuture<FileEntry> read(String path, long offset, int length, ChunkTarget into) {
        return next.read(path, offset, length, into);
    }

    @Override
    public CompletableFuture<BlockList> blocks(String path) {
        return next.blocks(path);
    }

    @Override
    public int uploadChunkBytes(String upload) {
        return next.uploadChunkBytes(upload);
    }

    @Override
    public CompletableFuture<Void> sendChunk(String upload, long offset, FileChannel file, long position, int length,
            AttachmentSink seen) {
        return next.sendChunk(upload, offset, file, position, length, seen);
    }

    @Override
    public CompletableFuture<Upload> beginUpload(String path, long size, String sha256, long mtimeMillis,
            String replaces) {
        return next.beginUpload(path, size, sha256, mtimeMillis, replaces);
    }

    @Override
    public CompletableFuture<Upload> beginUploadFromTarget(String path, long size, String sha256, long mtimeMillis,
            String replaces, int mode) {
        return next.beginUploadFromTarget(path, size, sha256, mtimeMillis, replaces, mode);
    }

    @Override
    public CompletableFuture<Upload> resumeUpload(String upload, String path, long size, String sha256) {
        return next.resumeUpload(upload, path, size, sha256);
    }

    @Override
    public CompletableFuture<Void> sendChunk(String upload, long offset, byte[] data) {
        return next.sendChunk(upload, offset, data);
    }

    @Override
    public CompletableFuture<Void> commit(String upload) {
        return next.commit(upload);
    }

    @Override
    public CompletableFuture<Void> commit(String upload, String keepReplacedAs) {
        return next.commit(upload, keepReplacedAs);
    }

    @Override
    public boolean takesHashAtCommit() {
        return next.takesHashAtCommit();
    }

    @Override
    public CompletableFuture<Void> commit(String upload, String keepReplacedAs, String sha256) {
        return next.commit(upload, keepReplacedAs, sha256);
    }

    @Override
    public CompletableFuture<ChangesPage> changes(long since, String index) {
        return next.changes(since, index);
    }

    @Override
    public CompletableFuture<Void> abort(String upload) {
        return next.abort(upload);
    }

    @Override
    public CompletableFuture<Void> delete(String path, String expectedSha256) {
        return next.delete(path, expectedSha256);
    }

    @Override
    public CompletableFuture<Boolean> makeFolder(String path, int mode) {
        return next.makeFolder(path, mode);
    }

    @Override
    public CompletableFuture<Void> removeFolder(String path) {
        return next.removeFolder(path);
    }

    @Override
    public void close() {
        next.close();
    }
}
