package dev.turnstile.client.sync;

import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A server's shared folder played by a local folder: what a {@code handlers-files} server does,
 * without the wire. Answers come on one thread, in request order, after the call returned, as on a
 * pipelined connection; staged uploads live outside the folder and appear only at commit. Tests
 * can drop the "connection" after N reads, change a file between two reads, and watch how many
 * requests are in flight at once.
 */
public final class LocalFolderRemote implements RemoteFolder {

    private final Path root;
    private final Path staging;
    private final int chunkBytes;
    private final int pageSize;
    private final ExecutorService server = Executors.newSingleThreadExecutor();
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile List<FileEntry> snapshot = List.of();
    private volatile boolean readOnly;
    private volatile int dropAfterReads = Integer.MAX_VALUE;
    private volatile BiConsumer<String, Long> beforeRead = (path, offset) -> { };
    private volatile Runnable onReadSent = () -> { };

    public LocalFolderRemote(Path root, Path staging, int chunkBytes, int pageSize) {
        this.root = root;
        this.staging = staging;
        this.chunkBytes = chunkBytes;
        this.pageSize = pageSize;
    }

    public LocalFolderRemote readOnly(boolean value) {
        readOnly = value;
        return this;
    }

    /** Every read after the first {@code n} fails, as if the connection had dropped. */
    LocalFolderRemote dropAfterReads(int n) {
        dropAfterReads = n;
        return this;
    }

    /** Runs before each read, on the server's thread: a test changes files here. */
    LocalFolderRemote beforeRead(BiConsumer<String, Long> hook) {
        beforeRead = hook;
        return this;
    }

    /** Runs on the caller's thread each time a read is sent, before it is answered. */
    LocalFolderRemote onReadSent(Runnable hook) {
        onReadSent = hook;
        return this;
    }


    int maxInFlight() {
        return maxInFlight.get();
    }

    int reads() {
        return reads.get();
    }

    @Override
    public int maxChunkBytes() {
        return chunkBytes;
    }

    @Override
    public CompletableFuture<ListingPage> list(String cursor) {
        return answer(() -> {
            // One walk per listing, as a server pages through one snapshot.
            if (cursor == null) {
                snapshot = listAll();
            }
            List<FileEntry> all = snapshot;
            int from = cursor == null ? 0 : Integer.parseInt(cursor);
            int to = Math.min(all.size(), from + pageSize);
            return new ListingPage(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
        });
    }

    /** @return every regular file, as the server lists them, links skipped */
    List<FileEntry> listAll() throws IOException {
        List<FileEntry> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    files.add(entry(SyncPaths.remote(root, file)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort((a, b) -> a.path().compareTo(b.path()));
        return files;
    }

    private FileEntry entry(String path) throws IOException {
        Path file = file(path);
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        long mtime = attributes.lastModifiedTime().toMillis();
        String key = path + "\0" + attributes.size() + "\0" + mtime;
        String sha = hashes.get(key);
        if (sha == null) {
            sha = Sha256.ofFile(file);
            hashes.put(key, sha);
        }
        return new FileEntry(path, attributes.size(), mtime, sha);
    }

    @Override
    public CompletableFuture<Chunk> read(String path, long offset, int length) {
        return answer(onReadSent, () -> {
            if (reads.incrementAndGet() > dropAfterReads) {
                throw new IOException("the server closed the connection");
            }
            beforeRead.accept(path, offset);
            Path file = file(path);
            if (!Files.isRegularFile(file)) {
                throw new RemoteFileMissingException("no file " + path);
            }
            FileEntry entry = entry(path);
            if (offset > entry.size()) {
                throw new IOException("400: offset past the end");
            }
            int count = (int) Math.min(Math.min(length, chunkBytes), entry.size() - offset);
            ByteBuffer data = ByteBuffer.allocate(count);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                while (data.hasRemaining() && channel.read(data, offset + data.position()) >= 0) {
                    // read on
                }
            }
            return new Chunk(data.array(), entry);
        });
    }

    @Override
    public CompletableFuture<Upload> beginUpload(String path, long size, String sha256, long mtimeMillis,
            String replaces) {
        return answer(() -> {
            refuseIfReadOnly();
            String id = Sha256.ofBytes((path + "\0" + size + "\0" + sha256 + "\0" + mtimeMillis)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Path staged = staging.resolve(id);
            Path meta = staging.resolve(id + ".meta");
            Files.writeString(meta, path + "\n" + size + "\n" + sha256 + "\n" + mtimeMillis + "\n"
                    + (replaces == null ? "-" : replaces));
            long have = Files.exists(staged) ? Files.size(staged) : 0;
            if (!Files.exists(staged)) {
                Files.createFile(staged);
            }
            return new Upload(id, have);
        });
    }

    @Override
    public CompletableFuture<Void> sendChunk(String upload, long offset, byte[] data) {
        return answer(() -> {
            refuseIfReadOnly();
            try (FileChannel channel = FileChannel.open(staging.resolve(upload), StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    channel.write(buffer, offset + buffer.position());
                }
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> commit(String upload) {
        return answer(() -> {
            refuseIfReadOnly();
            List<String> meta = Files.readAllLines(staging.resolve(upload + ".meta"));
            Path staged = staging.resolve(upload);
            if (Files.size(staged) != Long.parseLong(meta.get(1)) || !Sha256.ofFile(staged).equals(meta.get(2))) {
                Files.delete(staged);
                throw new UploadMismatchException("the upload's size or SHA-256 does not match");
            }
            Path target = file(meta.get(0));
            String now = Files.isRegularFile(target) ? Sha256.ofFile(target) : "-";
            if (!now.equals(meta.get(4))) {
                Files.delete(staged);
                Files.delete(staging.resolve(upload + ".meta"));
                throw new RemoteFileChangedException(meta.get(0) + " is not the version the upload replaces");
            }
            Files.createDirectories(target.getParent());
            Files.setLastModifiedTime(staged, FileTime.fromMillis(Long.parseLong(meta.get(3))));
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.delete(staging.resolve(upload + ".meta"));
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> abort(String upload) {
        return answer(() -> {
            Files.deleteIfExists(staging.resolve(upload));
            Files.deleteIfExists(staging.resolve(upload + ".meta"));
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> delete(String path, String expectedSha256) {
        return answer(() -> {
            refuseIfReadOnly();
            Path file = file(path);
            if (!Files.isRegularFile(file)) {
                throw new RemoteFileMissingException("no file " + path);
            }
            if (!entry(path).sha256().equals(expectedSha256)) {
                throw new RemoteFileChangedException(path + " changed");
            }
            Files.delete(file);
            for (Path folder = file.getParent(); !folder.equals(root); folder = folder.getParent()) {
                try (var entries = Files.list(folder)) {
                    if (entries.findAny().isPresent()) {
                        break;
                    }
                }
                Files.delete(folder);
            }
            return null;
        });
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private void refuseIfReadOnly() throws ReadOnlyFolderException {
        if (readOnly) {
            throw new ReadOnlyFolderException("the shared folder is read-only");
        }
    }

    private Path file(String path) {
        if (SyncPaths.refusal(path) != null) {
            throw new UncheckedIOException(new IOException("400: bad path " + path));
        }
        return root.resolve(path.substring(1));
    }

    private <T> CompletableFuture<T> answer(Callable<T> work) {
        return answer(() -> { }, work);
    }

    /**
     * @param sent told once the request counts as in flight: a hook that lets an earlier answer go
     *     must not run before, or that answer could leave before this one is counted
     */
    private <T> CompletableFuture<T> answer(Runnable sent, Callable<T> work) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        sent.run();
        CompletableFuture<T> future = new CompletableFuture<>();
        server.execute(() -> {
            // A request is in flight from its call until its answer is out, as on the wire.
            try {
                T result = work.call();
                inFlight.decrementAndGet();
                future.complete(result);
            } catch (Exception e) {
                inFlight.decrementAndGet();
                future.completeExceptionally(e);
            }
        });
        return future;
    }
}
