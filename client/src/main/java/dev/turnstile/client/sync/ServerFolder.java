package dev.turnstile.client.sync;

import dev.turnstile.client.Attachment;
import dev.turnstile.client.AttachmentSink;
import dev.turnstile.client.TurnstileClient;
import dev.turnstile.client.TurnstileException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared folder of a {@code handlers-files} server, over one logged-in connection: every call
 * is one {@link TurnstileClient#callAsync} (or a few, for a large upload chunk), so a sync's chunk
 * requests are pipelined, and every failure is turned into {@link RemoteFolder}'s typed errors.
 * The urls and their members are those of {@code docs/files.md}.
 *
 * <p><b>Raw chunks.</b> Reads ask for {@code "encoding":"raw"} (SPEC v1.3): the bytes come as the
 * answer's attachment and go from the connection's buffer to the sync's {@link ChunkTarget}, never
 * decoded or collected. A server that answers with base64 {@code data} instead does not know raw
 * chunks; from then on, base64 is asked for. Until the first answer says which, reads ask for
 * {@value #READ_CHUNK} bytes, which either kind answers whole; once raw is known, for
 * {@value #RAW_READ_CHUNK}. Uploads send their chunks as attachments when the server's
 * {@code /upload_begin} answer offers them ({@code raw_chunk}), of at most that size and
 * {@value #RAW_UPLOAD_CHUNK}, read from the local file as they are sent; otherwise as base64 inside
 * the request, which must fit the server's {@code max-request-bytes}: pieces of the size the server
 * suggested ({@code chunk}: 512 KiB for the default 1 MiB requests).
 *
 * <p><b>Resume of uploads.</b> The server keeps an upload's bytes by its id, not by file, so a new
 * {@code /upload_begin} always starts empty; {@link #beginUpload} asks {@code /upload_status} only
 * when the answer suggests otherwise (a {@code received} member), and otherwise resumes from 0.
 * An upload of an earlier run is found again by the id that run kept: {@link #resumeUpload} asks
 * {@code /upload_status} and checks that it names the same path, size and (when the server says)
 * SHA-256.
 */
final class ServerFolder implements RemoteFolder {

    /** The largest chunk {@code /get_file_data} answers in base64, and the first reads' size. */
    static final int READ_CHUNK = 1 << 20;

    /** The size of raw reads: measured, see docs/performance.md; the server answers up to 8 MiB. */
    static final int RAW_READ_CHUNK = 8 << 20;

    /** The most an attachment chunk of an upload carries, whatever larger the server offers. */
    static final int RAW_UPLOAD_CHUNK = 8 << 20;

    /** Used when an {@code /upload_begin} answer suggests no chunk size: fits 1 MiB requests. */
    static final int DEFAULT_UPLOAD_CHUNK = 512 * 1024;

    /** The most files {@code /list_files} answers per page. */
    static final int PAGE = 1000;

    /** The most changes one {@code /changes} answer gives (the server's cap). */
    static final int CHANGES_PAGE = 10_000;

    private final TurnstileClient client;
    private final int rawReadChunk;
    private final int rawUploadChunk;
    /** Bytes per chunk of each upload: negative for attachment chunks, positive for base64 ones. */
    private final Map<String, Integer> uploadChunks = new ConcurrentHashMap<>();
    /** Whether the server answers raw chunks: {@code null} until the first answer says. */
    private volatile Boolean rawReads;
    /** The attachment chunk size the server offered at its last {@code /upload_begin}, or 0. */
    private volatile int rawUploads;
    /** Whether the server takes batches of commits: until it answers one with a 400. */
    private volatile boolean batchCommits = true;
    /** {@code --compress}: whether raw chunks are asked for, and sent, compressed ({@link CompressedChunks}). */
    private final boolean compress;
    /** The uploads whose chunks go compressed: the server offered it, and no chunk has yet failed to pay. */
    private final Set<String> compressedUploads = ConcurrentHashMap.newKeySet();
    /** Whether the server's last {@code /upload_begin} offered compressed chunks (for a resumed upload). */
    private volatile boolean compressedOffered;

    ServerFolder(TurnstileClient client) {
        this(client, RAW_READ_CHUNK, RAW_UPLOAD_CHUNK);
    }

    /** With other raw chunk sizes than the defaults: for tests that count chunks. */
    ServerFolder(TurnstileClient client, int rawReadChunk, int rawUploadChunk) {
        this(client, rawReadChunk, rawUploadChunk, false);
    }

    /** @param compress whether raw chunks go compressed both ways, where the server takes them and they pay */
    ServerFolder(TurnstileClient client, int rawReadChunk, int rawUploadChunk, boolean compress) {
        this.client = client;
        this.rawReadChunk = rawReadChunk;
        this.rawUploadChunk = rawUploadChunk;
        this.compress = compress;
    }

    @Override
    public int maxChunkBytes() {
        return Boolean.TRUE.equals(rawReads) ? rawReadChunk : READ_CHUNK;
    }

    @Override
    public CompletableFuture<ListingPage> list(String cursor) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("limit", PAGE);
        params.put("folders", true);
        if (cursor != null) {
            params.put("after", cursor);
        } else {
            params.put("skipped", true);
        }
        return call("/list_files", params, ServerFolder::page);
    }

    @Override
    public CompletableFuture<Chunk> read(String path, long offset, int length) {
        // Read on the connection's reader thread, straight from the answer line's bytes when it can.
        return typed(() -> client.callAsync(FileDataCall.URL, FileDataCall.params(path, offset, length),
                FileDataCall.reader(path, offset, length)), chunk -> chunk);
    }

    @Override
    public CompletableFuture<FileEntry> read(String path, long offset, int length, ChunkTarget into) {
        return typed(() -> client.callAsync(FileDataCall.URL, FileDataCall.params(path, offset, length,
                !Boolean.FALSE.equals(rawReads), compress), null, FileDataCall.reader(path, offset, length, into,
                raw -> rawReads = raw)), file -> file);
    }

    @Override
    public CompletableFuture<BlockList> blocks(String path) {
        return typed(() -> client.callAsync(BlocksCall.URL, Map.of("path", path), BlocksCall.reader(path)),
                BlocksCall.Received::list);
    }

    @Override
    public CompletableFuture<Upload> beginUpload(String path, long size, String sha256, long mtimeMillis,
            String replaces) {
        return beginUpload(path, size, sha256, mtimeMillis, replaces, FileEntry.NO_MODE);
    }

    @Override
    public CompletableFuture<Upload> beginUpload(String path, long size, String sha256, long mtimeMillis,
            String replaces, int mode) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("path", path);
        params.put("size", size);
        if (sha256 != null) {
            params.put("sha256", sha256); // else given at the commit
        }
        params.put("mtime", mtimeMillis);
        params.put("replaces", replaces);
        if (mode != FileEntry.NO_MODE) {
            params.put("mode", mode);
        }
        return begin(params, false);
    }

    @Override
    public CompletableFuture<Upload> beginUploadFromTarget(String path, long size, String sha256, long mtimeMillis,
            String replaces, int mode) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("path", path);
        params.put("size", size);
        params.put("sha256", sha256);
        params.put("mtime", mtimeMillis);
        params.put("replaces", Objects.requireNonNull(replaces, "replaces"));
        params.put("start_from", "target");
        if (mode != FileEntry.NO_MODE) {
            params.put("mode", mode);
        }
        return begin(params, true);
    }

    /** @param fromTarget whether the answer's {@code received} says what the upload holds (else it is asked) */
    private CompletableFuture<Upload> begin(Map<String, Object> params, boolean fromTarget) {
        return call("/upload_begin", params, answer -> answer).thenCompose(answer -> {
            String id = string(answer, "upload", "/upload_begin");
            Object chunk = answer.get("chunk");
            if (answer.get("raw_chunk") instanceof Long raw && raw > 0) {
                rawUploads = (int) Math.min(raw, rawUploadChunk);
                uploadChunks.put(id, -rawUploads);
                compressedOffered = compress && CompressedChunks.offered(answer);
                if (compressedOffered) {
                    compressedUploads.add(id);
                }
            } else {
                rawUploads = 0;
                uploadChunks.put(id, chunk instanceof Long suggested && suggested > 0 && suggested <= READ_CHUNK
                        ? suggested.intValue() : DEFAULT_UPLOAD_CHUNK);
            }
            if (!answer.containsKey("received")) {
                return CompletableFuture.completedFuture(new Upload(id, 0));
            }
            if (fromTarget) {
                return CompletableFuture.completedFuture(new Upload(id, leadingBytes(answer)));
            }
            return call("/upload_status", Map.of("upload", id), status -> new Upload(id, leadingBytes(status)));
        });
    }

    @Override
    public CompletableFuture<Upload> resumeUpload(String upload, String path, long size, String sha256) {
        return call("/upload_status", Map.of("upload", upload), status -> {
            Object hash = status.get("sha256");
            if (!path.equals(status.get("path")) || !Long.valueOf(size).equals(status.get("size"))
                    || (hash != null && !hash.equals(sha256))) {
                throw new RemoteFileChangedException("the upload " + upload + " is of another file or version: "
                        + status.get("path") + ", " + status.get("size") + " bytes");
            }
            // An older server's /upload_status does not say whether attachments are taken; a begin of this run did.
            int raw = rawUploads;
            if (status.get("raw_chunk") instanceof Long offered && offered > 0) {
                raw = (int) Math.min(offered, rawUploadChunk);
            }
            uploadChunks.put(upload, raw > 0 ? -raw : DEFAULT_UPLOAD_CHUNK);
            if (raw > 0 && compress && (compressedOffered || CompressedChunks.offered(status))) {
                compressedUploads.add(upload);
            }
            return new Upload(upload, Math.min(size, leadingBytes(status)));
        });
    }

    @Override
    public int uploadChunkBytes(String upload) {
        int chunk = uploadChunks.getOrDefault(upload, DEFAULT_UPLOAD_CHUNK);
        return chunk < 0 ? -chunk : READ_CHUNK;
    }

    @Override
    public CompletableFuture<Void> sendChunk(String upload, long offset, FileChannel file, long position, int length,
            AttachmentSink seen) {
        if (uploadChunks.getOrDefault(upload, DEFAULT_UPLOAD_CHUNK) > 0) {
            return RemoteFolder.super.sendChunk(upload, offset, file, position, length, seen);
        }
        Attachment region = Attachment.of(file, position, length);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("upload", upload);
        params.put("offset", offset);
        CompletableFuture<Map<String, Object>> sent;
        try {
            if (compressedUploads.contains(upload)) {
                CompressedChunks.Outgoing outgoing = CompressedChunks.outgoing(file, position, length, seen);
                outgoing.mark(params, length);
                if (!outgoing.compressed()) {
                    compressedUploads.remove(upload); // decided per file: the rest goes from the file as it is
                }
                region = outgoing.attachment();
                seen = null; // it saw the chunk as read
            }
            sent = client.callAsync("/upload_chunk", params, seen != null ? region.watchedBy(seen) : region,
                    new dev.turnstile.client.AnswerReader<>() {
                        @Override
                        public Map<String, Object> read(Map<String, Object> answer) {
                            return answer;
                        }
                    });
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return sent.handle((answer, failure) -> {
            if (failure != null) {
                throw new CompletionException(RemoteFolders.typed(failure));
            }
            if (!Long.valueOf(length).equals(answer.get("length"))) {
                throw new CompletionException(new IOException("the server took " + answer.get("length")
                        + " bytes of an upload chunk of " + length));
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> sendChunk(String upload, long offset, byte[] data) {
        int piece = Math.abs(uploadChunks.getOrDefault(upload, DEFAULT_UPLOAD_CHUNK));
        if (uploadChunks.getOrDefault(upload, DEFAULT_UPLOAD_CHUNK) < 0) {
            piece = DEFAULT_UPLOAD_CHUNK; // base64 pieces for an upload that could take attachments: fits 1 MiB requests
        }
        if (data.length <= piece) {
            return uploadChunk(upload, offset, data);
        }
        List<CompletableFuture<Void>> pieces = new ArrayList<>();
        for (int from = 0; from < data.length; from += piece) {
            int to = Math.min(data.length, from + piece);
            pieces.add(uploadChunk(upload, offset + from, Arrays.copyOfRange(data, from, to)));
        }
        return CompletableFuture.allOf(pieces.toArray(CompletableFuture[]::new));
    }

    @Override
    public CompletableFuture<Void> commit(String upload) {
        return commit(upload, null);
    }

    @Override
    public CompletableFuture<Void> commit(String upload, String keepReplacedAs) {
        return commit(upload, keepReplacedAs, null);
    }

    /** An older server refuses the begin without {@code sha256} (400): the push then hashes first. */
    @Override
    public boolean takesHashAtCommit() {
        return true;
    }

    @Override
    public CompletableFuture<Void> commit(String upload, String keepReplacedAs, String sha256) {
        uploadChunks.remove(upload);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("upload", upload);
        if (keepReplacedAs != null) {
            params.put("keep_replaced_as", keepReplacedAs);
        }
        if (sha256 != null) {
            params.put("sha256", sha256);
        }
        CompletableFuture<Void> done = call("/upload_commit", params, answer -> null);
        // A 400 at commit means the bytes received are not the file announced (missing bytes, or
        // another size or SHA-256): for the sync, the version it meant to write did not arrive.
        return done.exceptionallyCompose(failure -> {
            IOException typed = RemoteFolders.typed(failure);
            if (typed.getCause() instanceof TurnstileException answer && answer.code() == 400) {
                typed = new UploadMismatchException(answer.error() != null ? answer.error() : answer.getMessage());
            }
            return CompletableFuture.failedFuture(typed);
        });
    }

    /**
     * One {@code /upload_commit} with {@code "uploads":[…]}. A server that answers the batch as a
     * whole with a 400 does not know batches (it asked for {@code upload}): these uploads and the
     * later ones are committed one request each.
     */
    @Override
    public CompletableFuture<Map<String, IOException>> commitAll(List<String> uploads) {
        if (!batchCommits || uploads.size() == 1) {
            return RemoteFolder.super.commitAll(uploads);
        }
        uploads.forEach(uploadChunks::remove);
        CompletableFuture<Map<String, IOException>> done = call(CommitBatchCall.URL, CommitBatchCall.params(uploads),
                answer -> CommitBatchCall.failures(uploads, answer));
        return done.exceptionallyCompose(failure -> {
            IOException typed = RemoteFolders.typed(failure);
            if (typed.getCause() instanceof TurnstileException answer && answer.code() == 400) {
                batchCommits = false;
                return RemoteFolder.super.commitAll(uploads);
            }
            return CompletableFuture.failedFuture(typed);
        });
    }

    @Override
    public CompletableFuture<ChangesPage> changes(long since, String index) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("since", since);
        params.put("limit", CHANGES_PAGE);
        // Folders too, so that a pull through the feed makes and removes empty folders as a listing's does.
        params.put("folders", true);
        if (index != null) {
            params.put("index", index);
        }
        return call("/changes", params, ChangesPage::read);
    }

    @Override
    public CompletableFuture<Void> abort(String upload) {
        uploadChunks.remove(upload);
        return call("/upload_abort", Map.of("upload", upload), answer -> null);
    }

    @Override
    public CompletableFuture<Void> delete(String path, String expectedSha256) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("path", path);
        params.put("sha256", expectedSha256);
        return call("/delete_file", params, answer -> null);
    }

    @Override
    public CompletableFuture<Void> setAttributes(String path, String expectedSha256, int mode, Long mtimeMillis) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("path", path);
        params.put("sha256", expectedSha256);
        if (mode != FileEntry.NO_MODE) {
            params.put("mode", mode);
        }
        if (mtimeMillis != null) {
            params.put("mtime", mtimeMillis);
        }
        return call("/set_attributes", params, answer -> null);
    }

    @Override
    public CompletableFuture<Boolean> makeFolder(String path, int mode) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("path", path);
        if (mode != FileEntry.NO_MODE) {
            params.put("mode", mode);
        }
        return call("/make_folder", params, answer -> Boolean.TRUE.equals(answer.get("created")));
    }

    @Override
    public CompletableFuture<Void> removeFolder(String path) {
        return call("/remove_folder", Map.of("path", path), answer -> null);
    }

    @Override
    public void close() {
        client.close();
    }

    private CompletableFuture<Void> uploadChunk(String upload, long offset, byte[] data) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("upload", upload);
        params.put("offset", offset);
        params.put("data", Base64.getEncoder().encodeToString(data));
        return call("/upload_chunk", params, answer -> {
            if (!Long.valueOf(data.length).equals(answer.get("length"))) {
                throw new IOException("the server took " + answer.get("length") + " bytes of an upload chunk of "
                        + data.length);
            }
            return null;
        });
    }

    /**
     * Sends one request and reads its 200 answer with {@code reader}; every failure, whether the
     * request could not be sent, the answer is not 200 or cannot be read, fails the future with
     * the typed exception.
     */
    private <T> CompletableFuture<T> call(String url, Map<String, ?> params, Converter<Map<String, Object>, T> reader) {
        return typed(() -> client.callAsync(url, params), reader);
    }

    /**
     * Sends a request with {@code send} and turns what its answer was read into with
     * {@code convert}; every failure fails the future with the typed exception.
     */
    private static <S, T> CompletableFuture<T> typed(Sending<S> send, Converter<S, T> convert) {
        CompletableFuture<S> sent;
        try {
            sent = send.send();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return sent.handle((value, failure) -> {
            if (failure != null) {
                throw new CompletionException(RemoteFolders.typed(failure));
            }
            try {
                return convert.apply(value);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Sends one request. */
    @FunctionalInterface
    private interface Sending<S> {
        CompletableFuture<S> send() throws IOException;
    }

    /** Reads what is needed from what an answer was read into (a 200 answer's members, a chunk, ...). */
    @FunctionalInterface
    private interface Converter<S, T> {
        T apply(S value) throws IOException;
    }

    static ListingPage page(Map<String, Object> answer) throws IOException {
        return ListingAnswer.page(answer);
    }

    /** @return how many leading bytes an {@code /upload_status} answer's ranges hold without a gap */
    static long leadingBytes(Map<String, Object> status) {
        long end = 0;
        if (status.get("received") instanceof List<?> ranges) {
            for (Object range : ranges) {
                if (range instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof Long start
                        && pair.get(1) instanceof Long stop && start <= end && stop > end) {
                    end = stop;
                }
            }
        }
        return end;
    }

    private static String string(Map<String, Object> answer, String member, String url) {
        if (!(answer.get(member) instanceof String value) || value.isEmpty()) {
            throw new CompletionException(
                    new IOException("the answer to " + url + " has no \"" + member + "\""));
        }
        return value;
    }
}
