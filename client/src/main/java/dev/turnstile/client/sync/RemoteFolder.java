package dev.turnstile.client.sync;

import dev.turnstile.client.AttachmentSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a sync needs from a server's shared folder: a paged listing, chunk reads, and for a push,
 * chunked uploads and deletes. {@link Sync} is built on this interface alone, so it can be tested
 * against a local folder, and {@link RemoteFolders#over} puts it on a Turnstile connection.
 *
 * <p><b>Asynchronous.</b> Every call sends at once and returns a future, so that many chunk
 * requests travel on one connection before the first answer is back (pipelining). A call may
 * block while too many requests await their answer. Futures complete on the implementation's
 * thread (for a connection, its reader thread): callbacks attached without an executor must not
 * block.
 *
 * <p><b>Errors.</b> A future fails with {@link ReadOnlyFolderException} when the folder cannot be
 * written, {@link RemoteFileMissingException} when a file is gone, {@link
 * RemoteFileChangedException} when a file is not the expected version, and another
 * {@link java.io.IOException} when the connection fails or the server refuses for another reason.
 *
 * <p><b>Paths</b> have {@code /} separators and a leading {@code /}, as {@code /docs/a.md} (SPEC
 * §8). A sync never trusts them: a listed path that could leave the local folder is refused.
 */
public interface RemoteFolder extends AutoCloseable {

    /**
     * The largest chunk one {@link #read} answers and one {@link #sendChunk} should carry. It may
     * grow once the folder has learnt that its server sends raw chunks: a caller asks again for
     * each chunk.
     *
     * @return a positive number of bytes
     */
    int maxChunkBytes();

    /**
     * Where the bytes of one chunk go, decided once the answer says which version of the file they
     * are of. Called on the thread that receives the answers (a connection's reader thread), in the
     * order the reads were made.
     */
    @FunctionalInterface
    interface ChunkTarget {
        /**
         * @param file the file as the server saw it for this chunk
         * @param length how many of its bytes follow
         * @return what takes them as they arrive, in order, or {@code null} to drop them
         * @throws IOException to fail the read
         */
        AttachmentSink open(FileEntry file, long length) throws IOException;
    }

    /**
     * Lists a page of the folder's regular files.
     *
     * @param cursor {@code null} for the first page, else the {@link ListingPage#next} of the
     *     previous one
     * @return the page
     */
    CompletableFuture<ListingPage> list(String cursor);

    /**
     * Asks the server's change feed ({@code /changes}, SPEC §8) for what changed after a number.
     *
     * <p>The default has no feed and fails at once with {@link UnsupportedOperationException}: a
     * sync then lists everything, every time.
     *
     * @param since the last number applied; 0 for everything
     * @param index the index id remembered with it, or {@code null}
     * @return one page of changes; fails with {@link RemoteFileMissingException} when the server
     *     has no change feed (an older server)
     */
    default CompletableFuture<ChangesPage> changes(long since, String index) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this folder has no change feed"));
    }

    /**
     * Reads bytes of one file.
     *
     * @param path the file
     * @param offset the first byte, at most the file's size
     * @param length how many bytes, at most {@link #maxChunkBytes()}
     * @return the bytes, with the file's size, modification time and SHA-256 at the time of reading
     */
    CompletableFuture<Chunk> read(String path, long offset, int length);

    /**
     * Reads bytes of one file and hands them to {@code into} as they arrive, without collecting
     * them first (a raw chunk goes from the connection's buffer to the sink).
     *
     * <p>The default reads the chunk with {@link #read(String, long, int)} and hands it over whole
     * when its future completes, which keeps the order only where those futures complete in
     * request order on one thread, as a connection's do.
     *
     * @param path the file
     * @param offset the first byte, at most the file's size
     * @param length how many bytes, at most {@link #maxChunkBytes()}
     * @param into where the bytes go
     * @return the file as the server saw it while reading them, once every byte was handed over
     */
    default CompletableFuture<FileEntry> read(String path, long offset, int length, ChunkTarget into) {
        return read(path, offset, length).thenApply(chunk -> {
            try {
                AttachmentSink sink = into.open(chunk.file(), chunk.data().length);
                if (sink != null) {
                    sink.accept(ByteBuffer.wrap(chunk.data()).asReadOnlyBuffer());
                }
            } catch (IOException e) {
                throw new CompletionException(e);
            }
            return chunk.file();
        });
    }

    /**
     * The block hashes of a file of the folder, for a block-level update: see {@code /get_blocks}
     * in docs/files.md.
     *
     * <p>The default has none and fails at once with {@link UnsupportedOperationException}; a sync
     * then copies files whole.
     *
     * @param path a file, of at least the size the folder keeps block hashes for
     * @return the hashes of the file as it is now; fails with {@link RemoteFileMissingException} or
     *     {@link RemoteFileChangedException} as {@link #read} does, and with another
     *     {@link IOException} when the server keeps none for it
     */
    default CompletableFuture<BlockList> blocks(String path) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this folder keeps no block hashes"));
    }

    /**
     * Begins (or resumes) an upload that will replace or create a file once committed.
     *
     * @param path the file to write
     * @param size its size
     * @param sha256 the lowercase hex SHA-256 of the whole content, checked by the server at commit;
     *     or {@code null} where {@link #takesHashAtCommit()}, the hash then given at the commit
     * @param mtimeMillis the modification time the file gets
     * @param replaces the SHA-256 of the version of the file this upload replaces, as listed, or
     *     {@code null} when there was none: the commit then fails with {@link
     *     RemoteFileChangedException} if the file is no longer that version (or was created
     *     meanwhile), so a push never overwrites a change it has not seen
     * @return the upload, with the bytes the server already holds for it
     */
    CompletableFuture<Upload> beginUpload(String path, long size, String sha256, long mtimeMillis, String replaces);

    /**
     * As {@link #beginUpload(String, long, String, long, String)}, and the committed file gets the
     * permission bits {@code mode}.
     *
     * <p>The default begins the upload without them: the file gets the folder's default bits.
     *
     * @param mode the permission bits ({@code 0400} to {@code 0777}, the owner's read kept), or
     *     {@link FileEntry#NO_MODE} for the folder's default
     */
    default CompletableFuture<Upload> beginUpload(String path, long size, String sha256, long mtimeMillis,
            String replaces, int mode) {
        return beginUpload(path, size, sha256, mtimeMillis, replaces);
    }

    /**
     * Begins an upload that holds the bytes of the folder's current file from the start, for a
     * block-level update: only the blocks that differ need to be sent ({@code "start_from":"target"}
     * in docs/files.md).
     *
     * <p>The default begins an empty upload with {@link #beginUpload}: every byte is then sent.
     *
     * @param replaces the SHA-256 of the file as listed, whose bytes the upload begins with
     * @param mode the permission bits the committed file gets, or {@link FileEntry#NO_MODE}
     * @return the upload, with the leading bytes it holds; fails with {@link
     *     RemoteFileChangedException} when the file is no longer that version
     */
    default CompletableFuture<Upload> beginUploadFromTarget(String path, long size, String sha256, long mtimeMillis,
            String replaces, int mode) {
        return beginUpload(path, size, sha256, mtimeMillis, replaces, mode);
    }

    /**
     * Sets the permission bits and/or the modification time of a file whose content is still the
     * expected version, without sending the content again.
     *
     * <p>The default cannot: it fails at once with an {@link IOException} that says so.
     *
     * @param path the file
     * @param expectedSha256 its content's SHA-256 as listed
     * @param mode the bits to set, or {@link FileEntry#NO_MODE} to leave them
     * @param mtimeMillis the time to set, or {@code null} to leave it
     * @return completes when they are set; fails with {@link RemoteFileChangedException} when the
     *     content is another, and with {@link RemoteFileMissingException} when the file is gone
     */
    default CompletableFuture<Void> setAttributes(String path, String expectedSha256, int mode, Long mtimeMillis) {
        return CompletableFuture.failedFuture(new IOException("this folder cannot set a file's attributes alone"));
    }

    /**
     * Goes on with an upload an earlier run began and did not finish: the id is the one
     * {@link #beginUpload} gave then, kept by the client (the server keeps staged bytes by id).
     *
     * <p>The default has no way to find an upload again and fails at once with
     * {@link RemoteFileMissingException}; a sync then begins the upload afresh.
     *
     * @param upload the upload's id
     * @param path the file it was begun for
     * @param size that file's size
     * @param sha256 that file's SHA-256
     * @return the upload, with the leading bytes the server holds for it; fails with
     *     {@link RemoteFileMissingException} when the server no longer has it (committed, aborted,
     *     expired, or the server restarted), and with {@link RemoteFileChangedException} when the
     *     id names an upload of another file or version
     */
    default CompletableFuture<Upload> resumeUpload(String upload, String path, long size, String sha256) {
        return CompletableFuture.failedFuture(new RemoteFileMissingException("this folder cannot resume an upload by id"));
    }

    /**
     * Sends bytes of an upload. Chunks may be sent in any order and many at once.
     *
     * @param upload the upload's id
     * @param offset where the bytes go
     * @param data the bytes, at most {@link #maxChunkBytes()}
     * @return completes when the server holds them
     */
    CompletableFuture<Void> sendChunk(String upload, long offset, byte[] data);

    /**
     * The largest chunk {@link #sendChunk(String, long, FileChannel, long, int, AttachmentSink)}
     * should carry for an upload.
     *
     * @param upload the upload's id
     * @return a positive number of bytes; by default {@link #maxChunkBytes()}
     */
    default int uploadChunkBytes(String upload) {
        return maxChunkBytes();
    }

    /**
     * Sends bytes of a local file as a chunk of an upload: {@code length} bytes read from
     * {@code file} at {@code position} (zeros past its end, or where it cannot be read), each
     * piece shown to {@code seen} (if given) on the calling thread just before it is sent, so that
     * a caller can hash exactly what went out. Without {@code seen}, an attachment chunk on a plain
     * connection is sent by the kernel straight from the file. The bytes are read and sent before
     * this returns.
     *
     * <p>The default reads them into an array and sends it with {@link #sendChunk(String, long, byte[])}.
     *
     * @param upload the upload's id
     * @param offset where the bytes go in the upload
     * @param file the local file, open for reading
     * @param position where they are in it
     * @param length how many, at most {@link #uploadChunkBytes}
     * @param seen sees every byte sent, in order; or {@code null}
     * @return completes when the server holds them
     */
    default CompletableFuture<Void> sendChunk(String upload, long offset, FileChannel file, long position, int length,
            AttachmentSink seen) {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        try {
            boolean ended = false;
            while (bytes.hasRemaining() && !ended) {
                try {
                    ended = file.read(bytes, position + bytes.position()) < 0;
                } catch (IOException e) {
                    ended = true; // zeros: what was sent then does not hash as announced
                }
            }
            if (seen != null) {
                seen.accept(ByteBuffer.wrap(bytes.array()).asReadOnlyBuffer());
            }
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return sendChunk(upload, offset, bytes.array());
    }

    /**
     * Ends an upload: the server checks size and SHA-256 and renames the file into place.
     *
     * @param upload the upload's id
     * @return completes when the file is in place; fails with {@link RemoteFileChangedException}
     *     when what was received does not match the size and SHA-256 given at the beginning (a
     *     sync then sends the file again), or the file is no longer the version the upload
     *     replaces (a sync reports it)
     */
    CompletableFuture<Void> commit(String upload);

    /**
     * Whether {@link #beginUpload} takes {@code null} for the SHA-256, the hash then given at the
     * commit ({@link #commit(String, String, String)}): a client can then hash a file while it sends
     * it instead of reading it once before. A server that turns out not to take it answers the
     * begin with a 400, and the client hashes first.
     *
     * <p>The default is {@code false}.
     *
     * @return whether an upload may begin without its hash
     */
    default boolean takesHashAtCommit() {
        return false;
    }

    /**
     * Ends an upload as {@link #commit(String, String)} does, giving the SHA-256 of the whole file
     * for an upload begun without one; the server verifies what it received against it.
     *
     * <p>The default commits without it when it is {@code null}, and fails at once otherwise.
     *
     * @param upload the upload's id
     * @param keepReplacedAs the path the replaced version gets, or {@code null} to keep nothing
     * @param sha256 the lowercase hex SHA-256 of the whole file, or {@code null} when given at the beginning
     * @return completes when the file is in place; fails with {@link UploadMismatchException} when
     *     what was received does not hash to it
     */
    default CompletableFuture<Void> commit(String upload, String keepReplacedAs, String sha256) {
        if (sha256 == null) {
            return commit(upload, keepReplacedAs);
        }
        return CompletableFuture.failedFuture(new IOException("this folder takes no SHA-256 at the commit"));
    }

    /**
     * Ends several uploads at once, each committed or refused on its own as {@link #commit} would
     * commit or refuse it; a server makes them durable together (one fsync of each folder), which
     * is what makes a push of many small files fast.
     *
     * <p>The default commits them one by one with {@link #commit}.
     *
     * @param uploads the uploads' ids, each once
     * @return completes once every upload is settled, with the failure of each one that was not
     *     committed, by id, typed as {@link #commit} types it (empty when all were committed); fails
     *     only when the request as a whole failed (then none is known to be committed)
     */
    default CompletableFuture<Map<String, IOException>> commitAll(List<String> uploads) {
        Map<String, IOException> failures = new ConcurrentHashMap<>();
        CompletableFuture<?>[] each = new CompletableFuture<?>[uploads.size()];
        for (int i = 0; i < each.length; i++) {
            String upload = uploads.get(i);
            each[i] = commit(upload).handle((ignored, failure) -> {
                if (failure != null) {
                    failures.put(upload, RemoteFolders.typed(failure));
                }
                return null;
            });
        }
        return CompletableFuture.allOf(each).thenApply(ignored -> failures);
    }

    /**
     * Ends an upload as {@link #commit(String)} does, and keeps the version it replaces under
     * another name in the same folder (a conflict copy; {@code keep_replaced_as} of docs/files.md).
     *
     * <p>The default can keep nothing: without a name it commits, with one it fails at once with
     * {@link RemoteFileChangedException}, so a sync reports the conflict instead of losing a version.
     *
     * @param upload the upload's id
     * @param keepReplacedAs the path the replaced version gets, or {@code null} to keep nothing
     * @return completes when the file is in place (and the replaced version kept)
     */
    default CompletableFuture<Void> commit(String upload, String keepReplacedAs) {
        if (keepReplacedAs == null) {
            return commit(upload);
        }
        return CompletableFuture.failedFuture(new RemoteFileChangedException(
                "this folder cannot keep a replaced version; not overwritten"));
    }

    /**
     * Drops an upload; the folder stays as it was.
     *
     * @param upload the upload's id
     * @return completes when it is dropped
     */
    CompletableFuture<Void> abort(String upload);

    /**
     * Deletes a file, only if it is still the expected version.
     *
     * @param path the file
     * @param expectedSha256 its content's SHA-256 as listed
     * @return completes when it is deleted; fails with {@link RemoteFileChangedException} when its
     *     content is another, and with {@link RemoteFileMissingException} when it is gone
     */
    CompletableFuture<Void> delete(String path, String expectedSha256);

    /**
     * Makes a folder, and any missing folder above it, so that an empty folder travels on a push.
     *
     * <p>The default cannot: it fails at once with an {@link IOException} that says so (a sync then
     * leaves folders alone).
     *
     * @param path the folder
     * @param mode the permission bits the folder gets if it is made ({@code 0700} to {@code 0777}),
     *     or {@link FileEntry#NO_MODE} for the server's default
     * @return completes with whether the folder was made ({@code false}: it was there already);
     *     fails with {@link RemoteFileChangedException} when a file or a link is in its way
     */
    default CompletableFuture<Boolean> makeFolder(String path, int mode) {
        return CompletableFuture.failedFuture(new NoFolderRequestsException("this folder cannot make a folder alone"));
    }

    /**
     * Removes a folder, only if it is empty.
     *
     * <p>The default cannot: it fails at once with an {@link IOException} that says so (a sync then
     * leaves folders alone).
     *
     * @param path the folder
     * @return completes when it is removed; fails with {@link RemoteFileChangedException} when it is
     *     not empty or not a folder, and with {@link RemoteFileMissingException} when it is gone
     */
    default CompletableFuture<Void> removeFolder(String path) {
        return CompletableFuture.failedFuture(new NoFolderRequestsException("this folder cannot remove a folder alone"));
    }

    /** Closes the connection underneath, if any. */
    @Override
    void close();
}
