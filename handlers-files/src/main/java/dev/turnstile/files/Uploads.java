package dev.turnstile.files;

import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staging area, {@code <data-dir>/files/staging/}: uploads are written there, chunk by chunk,
 * and reach the shared folder only by {@link UploadCommit}, once their size and SHA-256 are verified.
 * So an upload cut short by a disconnect, an abort or a crash leaves the shared folder as it was;
 * what is left in staging is removed at the next start, or when an upload has been idle for
 * {@link #IDLE_NANOS}. An upload whose commit found its target changed (409) is dropped at once,
 * since it can never be committed.
 */
final class Uploads implements Closeable {

    /** At most this many uploads at once: each holds an open file and disk space. */
    static final int MAX_UPLOADS = 64;
    /** An upload that received nothing for this long is dropped. */
    static final long IDLE_NANOS = TimeUnit.HOURS.toNanos(1);
    /** The staged file's name is the upload's id and this. */
    static final String SUFFIX = ".part";

    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);

    private final Path folder;
    private final SecureDirectoryStream<Path> handle;
    private final FileStore stagingStore;
    private final FileStore shareStore;
    private final LongSupplier clock;
    /** Where uploads are hashed and forced while they arrive. */
    private final Lanes lanes;
    private final Map<String, Upload> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private Uploads(Path folder, SecureDirectoryStream<Path> handle, FileStore stagingStore, FileStore shareStore,
            LongSupplier clock, Lanes lanes) {
        this.lanes = lanes;
        this.folder = folder;
        this.handle = handle;
        this.stagingStore = stagingStore;
        this.shareStore = shareStore;
        this.clock = clock;
    }

    /**
     * Opens the staging folder, creating it, and removes what an earlier run left there.
     *
     * @param share the shared folder, whose free space an upload needs too when it is on another
     *     file system (the commit copies the file there)
     */
    static Uploads open(Path folder, Path share, LongSupplier clock, Lanes lanes) throws IOException {
        Files.createDirectories(folder);
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(folder)) {
            for (Path file : stale) {
                Files.deleteIfExists(file);
                LOG.info("removed the unfinished upload {} left by an earlier run", file.getFileName());
            }
        }
        DirectoryStream<Path> stream = Files.newDirectoryStream(folder);
        if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
            stream.close();
            throw new UnsupportedOperationException("no SecureDirectoryStream for " + folder);
        }
        FileStore staging = Files.getFileStore(folder);
        FileStore shared = Files.getFileStore(share);
        return new Uploads(folder, secure, staging, shared.equals(staging) ? null : shared, clock, lanes);
    }

    /**
     * Starts an upload of a file of the given size and content hash.
     *
     * @throws HandlerException 507 when the disk has less free space than the size; 409 when
     *     {@link #MAX_UPLOADS} are in progress
     */
    Upload begin(SharePath target, long size, String sha256, Long mtimeMillis, Integer mode, Upload.Replaces replaces)
            throws HandlerException, IOException {
        dropIdle();
        requireSpace(stagingStore, target, size);
        if (shareStore != null) {
            requireSpace(shareStore, target, size);
        }
        if (byId.size() >= MAX_UPLOADS) {
            throw HandlerException.conflict(MAX_UPLOADS + " uploads are already in progress; commit or abort one"
                    + " (/upload_abort with its id) before beginning another; an upload that receives nothing for an"
                    + " hour is dropped");
        }
        String id = HexFormat.of().formatHex(bytes(16));
        Path file = folder.resolve(id + SUFFIX);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        Upload upload = new Upload(id, target, size, sha256, mtimeMillis, mode, replaces, file, channel,
                new StagedDigest(channel, lanes), clock.getAsLong());
        byId.put(id, upload);
        return upload;
    }

    private static void requireSpace(FileStore store, SharePath target, long size) throws HandlerException, IOException {
        long free = store.getUsableSpace();
        if (size > free) {
            throw HandlerException.insufficientStorage("the upload of " + SharePath.quote(target.text()) + " needs "
                    + size + " bytes and the server's disk has " + free + " free; nothing was begun");
        }
    }

    /**
     * @param id the request's {@code "upload"} member
     * @throws HandlerException 400 when it is not a string; 404 when no upload has that id (never
     *     begun, committed, aborted or expired)
     */
    Upload get(Object id) throws HandlerException {
        if (!(id instanceof String text)) {
            throw HandlerException.badRequest("\"upload\" must be a string: the id /upload_begin answered");
        }
        Upload upload = byId.get(text);
        if (upload == null) {
            throw HandlerException.notFound("no upload " + SharePath.quote(text) + " is in progress; it was committed,"
                    + " aborted, refused, or dropped after an hour without chunks");
        }
        return upload;
    }

    /** Drops an upload and its staged bytes. */
    void abort(Upload upload) {
        byId.remove(upload.id());
        discard(upload);
    }

    /** @return the staging folder's handle, from which a commit renames the staged file */
    SecureDirectoryStream<Path> handle() {
        return handle;
    }

    /** @return how many uploads are in progress */
    int inProgress() {
        return byId.size();
    }

    private void dropIdle() {
        long now = clock.getAsLong();
        for (Upload upload : byId.values()) {
            if (!upload.committing() && now - upload.lastUsedNanos() > IDLE_NANOS) {
                LOG.info("dropping the upload of {}: nothing received for an hour", SharePath.quote(upload.target().text()));
                abort(upload);
            }
        }
    }

    private void discard(Upload upload) {
        try {
            upload.channel().close();
            Files.deleteIfExists(upload.file());
        } catch (IOException e) {
            LOG.warn("cannot remove the staged upload {}: {}", upload.file(), e.toString());
        }
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() throws IOException {
        for (Upload upload : byId.values()) {
            abort(upload);
        }
        handle.close();
    }
}
