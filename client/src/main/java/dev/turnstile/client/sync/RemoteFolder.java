package dev.turnstile.client.sync;

import java.util.concurrent.CompletableFuture;

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
     * The largest chunk one {@link #read} answers and one {@link #sendChunk} should carry.
     *
     * @return a positive number of bytes
     */
    int maxChunkBytes();

    /**
     * Lists a page of the folder's regular files.
     *
     * @param cursor {@code null} for the first page, else the {@link ListingPage#next} of the
     *     previous one
     * @return the page
     */
    CompletableFuture<ListingPage> list(String cursor);

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
     * Begins (or resumes) an upload that will replace or create a file once committed.
     *
     * @param path the file to write
     * @param size its size
     * @param sha256 the lowercase hex SHA-256 of the whole content, checked by the server at commit
     * @param mtimeMillis the modification time the file gets
     * @param replaces the SHA-256 of the version of the file this upload replaces, as listed, or
     *     {@code null} when there was none: the commit then fails with {@link
     *     RemoteFileChangedException} if the file is no longer that version (or was created
     *     meanwhile), so a push never overwrites a change it has not seen
     * @return the upload, with the bytes the server already holds for it
     */
    CompletableFuture<Upload> beginUpload(String path, long size, String sha256, long mtimeMillis, String replaces);

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
     * Ends an upload: the server checks size and SHA-256 and renames the file into place.
     *
     * @param upload the upload's id
     * @return completes when the file is in place; fails with {@link RemoteFileChangedException}
     *     when what was received does not match the size and SHA-256 given at the beginning, or
     *     the file is no longer the version the upload replaces
     */
    CompletableFuture<Void> commit(String upload);

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

    /** Closes the connection underneath, if any. */
    @Override
    void close();
}
