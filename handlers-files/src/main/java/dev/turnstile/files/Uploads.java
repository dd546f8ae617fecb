package dev.turnstile.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.HashCache;
import dev.turnstile.filemodel.Sha256;
import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
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
 * and reach the shared folder only by {@link #commit}, once their size and SHA-256 are verified.
 * So an upload cut short by a disconnect, an abort or a crash leaves the shared folder as it was;
 * what is left in staging is removed at the next start, or when an upload has been idle for
 * {@link #IDLE_NANOS}.
 *
 * <p>Commit renames the staged file into the target's folder ({@code renameat}, atomic) when both
 * are on one file system. When they are not, it copies the staged file into a hidden temporary
 * ({@code .turnstile-upload-<id>}) in the target's folder, which listings skip, verifies it, syncs
 * it and renames that over the target. Either way the folder is synced after the rename.
 */
final class Uploads implements Closeable {

    /** At most this many uploads at once: each holds an open file and disk space. */
    static final int MAX_UPLOADS = 64;
    /** An upload that received nothing for this long is dropped. */
    static final long IDLE_NANOS = TimeUnit.HOURS.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
    private static final String SUFFIX = ".part";

    private final Path folder;
    private final SecureDirectoryStream<Path> handle;
    private final ConfinedRoot root;
    private final HashCache cache;
    private final LongSupplier clock;
    private final Map<String, Upload> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private Uploads(Path folder, SecureDirectoryStream<Path> handle, ConfinedRoot root, HashCache cache,
            LongSupplier clock) {
        this.folder = folder;
        this.handle = handle;
        this.root = root;
        this.cache = cache;
        this.clock = clock;
    }

    /** Opens the staging folder, creating it, and removes what an earlier run left there. */
    static Uploads open(Path folder, ConfinedRoot root, HashCache cache, LongSupplier clock) throws IOException {
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
        return new Uploads(folder, secure, root, cache, clock);
    }

    /** Starts an upload of a file of the given size and content hash. */
    Upload begin(SharePath target, long size, String sha256, Long mtimeMillis, Upload.Replaces replaces)
            throws HandlerException, IOException {
        dropIdle();
        if (byId.size() >= MAX_UPLOADS) {
            throw HandlerException.conflict(MAX_UPLOADS + " uploads are already in progress; commit or abort one first");
        }
        String id = HexFormat.of().formatHex(bytes(16));
        Path file = folder.resolve(id + SUFFIX);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        Upload upload = new Upload(id, target, size, sha256, mtimeMillis, replaces, file, channel, clock.getAsLong());
        byId.put(id, upload);
        return upload;
    }

    /** @throws HandlerException 404 when no upload has that id (never begun, committed, aborted or expired) */
    Upload get(Object id) throws HandlerException {
        Upload upload = id instanceof String text ? byId.get(text) : null;
        if (upload == null) {
            throw HandlerException.notFound("no upload " + (id instanceof String text ? SharePath.quote(text) : "")
                    + " is in progress; it was committed, aborted or dropped after an hour without chunks");
        }
        return upload;
    }

    /** Drops an upload and its staged bytes. */
    void abort(Upload upload) {
        byId.remove(upload.id());
        discard(upload);
    }

    /**
     * Verifies and publishes an upload; runs on the background thread.
     *
     * @param indexer hashes the current target when the upload says what it replaces
     * @return the target as it is now in the shared folder, with its hash
     * @throws HandlerException 400 when size or hash do not match (the upload is then dropped),
     *     409 when the target is a folder or a link, or not the version the upload replaces
     */
    Indexer.Hashed commit(Upload upload, Indexer indexer) throws HandlerException, IOException {
        FileChannel channel = upload.channel();
        channel.force(true);
        String actual = Sha256.of(channel.position(0));
        if (channel.size() != upload.size() || !actual.equals(upload.sha256())) {
            abort(upload);
            throw HandlerException.badRequest("the uploaded content of " + upload.target().text() + " has SHA-256 "
                    + actual + ", not the declared " + upload.sha256() + "; the upload is discarded");
        }
        if (upload.mtimeMillis() != null) {
            Files.setLastModifiedTime(upload.file(), FileTime.fromMillis(upload.mtimeMillis()));
        }
        SecureDirectoryStream<Path> parent = root.openFolder(upload.target().parents(), true);
        if (parent == null) {
            throw HandlerException.conflict("a folder of " + upload.target().text()
                    + " is a file or a link in the shared folder; nothing was written");
        }
        try (parent) {
            String name = upload.target().name();
            BasicFileAttributes existing = ConfinedRoot.attributes(parent, name);
            if (existing != null && !existing.isRegularFile()) {
                throw HandlerException.conflict(upload.target().text()
                        + " is a folder, a link or a special file in the shared folder; nothing was written");
            }
            checkReplaces(upload, existing, indexer);
            publish(upload, parent, name);
            syncFolder(upload.target());
            BasicFileAttributes now = ConfinedRoot.attributes(parent, name);
            FileStat entry = FileStat.of(upload.target().text(), now);
            cache.putWritten(entry, upload.sha256());
            byId.remove(upload.id());
            discard(upload);
            return new Indexer.Hashed(entry, upload.sha256());
        }
    }

    private void checkReplaces(Upload upload, BasicFileAttributes existing, Indexer indexer)
            throws HandlerException, IOException {
        Upload.Replaces replaces = upload.replaces();
        if (!replaces.checked()) {
            return;
        }
        String text = upload.target().text();
        if (existing == null) {
            if (replaces.sha256() != null) {
                throw HandlerException.conflict(text + " was removed meanwhile; nothing was written");
            }
            return;
        }
        if (replaces.sha256() == null) {
            throw HandlerException.conflict(text + " was created meanwhile; nothing was written");
        }
        FileStat current = root.stat(upload.target());
        Indexer.Hashed hashed = current == null ? null : indexer.settledForOverwrite(current);
        if (hashed == null || !hashed.sha256().equals(replaces.sha256())) {
            throw HandlerException.conflict(text + " changed: its SHA-256 is now "
                    + (hashed == null ? "unknown" : hashed.sha256()) + ", not " + replaces.sha256() + "; nothing was written");
        }
    }

    private void publish(Upload upload, SecureDirectoryStream<Path> parent, String name) throws IOException, HandlerException {
        Path staged = Path.of(upload.id() + SUFFIX);
        try {
            handle.move(staged, parent, Path.of(name));
            return;
        } catch (IOException crossDevice) {
            LOG.debug("cannot rename {} into the shared folder ({}); copying it beside its target", staged, crossDevice.toString());
        }
        String hidden = ConfinedRoot.HIDDEN_PREFIX + upload.id();
        try {
            try (FileChannel copy = ConfinedRoot.create(parent, hidden)) {
                FileChannel source = upload.channel().position(0);
                long done = 0;
                while (done < upload.size()) {
                    done += copy.transferFrom(source, done, upload.size() - done);
                }
                copy.force(true);
            }
            String copied;
            try (var check = parent.newByteChannel(Path.of(hidden), java.util.Set.of(StandardOpenOption.READ, NOFOLLOW_LINKS))) {
                copied = Sha256.of(check);
            }
            if (!copied.equals(upload.sha256())) {
                throw new IOException("the copy of " + upload.target().text() + " in the shared folder does not match its upload");
            }
            if (upload.mtimeMillis() != null) {
                parent.getFileAttributeView(Path.of(hidden), BasicFileAttributeView.class, NOFOLLOW_LINKS)
                        .setTimes(FileTime.fromMillis(upload.mtimeMillis()), null, null);
            }
            parent.move(Path.of(hidden), parent, Path.of(name));
        } catch (IOException | RuntimeException e) {
            try {
                parent.deleteFile(Path.of(hidden));
            } catch (IOException ignored) {
                // Not created, or already renamed.
            }
            throw e;
        }
    }

    /** fsync of the target's folder, so the rename itself survives a crash. */
    private void syncFolder(SharePath target) {
        Path dir = root.path();
        for (String name : target.parents()) {
            dir = dir.resolve(name);
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ, NOFOLLOW_LINKS)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync the folder of {}: {}", target.text(), e.toString());
        }
    }

    private void dropIdle() {
        long now = clock.getAsLong();
        for (Upload upload : byId.values()) {
            if (!upload.committing() && now - upload.lastUsedNanos() > IDLE_NANOS) {
                LOG.info("dropping the upload of {}: nothing received for an hour", upload.target().text());
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
