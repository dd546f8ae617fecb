package dev.turnstile.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.HashCache;
import dev.turnstile.filemodel.Sha256;
import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a complete upload, on a lane's thread: syncs the staged file, verifies its size and
 * SHA-256, opens the target's folder from the root without following links (making missing folders
 * with {@link FolderMaker}), checks what the upload {@code replaces}, and renames the staged file
 * over the target ({@code renameat}, atomic), then syncs the folder. When staging and the shared
 * folder are on different file systems, the rename fails ({@code EXDEV}); the staged file is then
 * copied into a hidden temporary ({@code .turnstile-upload-<id>}, recorded in {@link Temporaries})
 * in the target's folder, synced, verified and renamed over the target.
 *
 * <p>A target that is no longer what the upload replaces, or a folder on its way that is a file or a
 * link, is a 409 and the upload is dropped (it could never be committed). A full disk is a 507 and
 * the upload stays, to be committed again once there is room.
 */
final class UploadCommit {

    private static final Logger LOG = LoggerFactory.getLogger(UploadCommit.class);

    private final Uploads uploads;
    private final ConfinedRoot root;
    private final Indexer indexer;
    private final Temporaries temporaries;

    UploadCommit(Uploads uploads, ConfinedRoot root, Indexer indexer, Temporaries temporaries) {
        this.uploads = uploads;
        this.root = root;
        this.indexer = indexer;
        this.temporaries = temporaries;
    }

    /**
     * @param client the client's address, for the log
     * @return the target as it is now in the shared folder, with its hash
     * @throws HandlerException 400 when size or hash do not match (the upload is then dropped),
     *     409 when the target is a folder or a link, or not the version the upload replaces (dropped
     *     too), 507 when the disk is full (the upload stays)
     */
    Indexer.Hashed commit(Upload upload, String client) throws HandlerException, IOException {
        try {
            return publish(upload, client);
        } catch (IOException e) {
            if (DiskFull.is(e)) {
                throw HandlerException.insufficientStorage("the server's disk is full: " + upload.target().text()
                        + " could not be written; the upload is kept, commit it again once there is room");
            }
            throw e;
        }
    }

    private Indexer.Hashed publish(Upload upload, String client) throws HandlerException, IOException {
        FileChannel channel = upload.channel();
        channel.force(true);
        String actual = Sha256.of(channel.position(0));
        if (channel.size() != upload.size() || !actual.equals(upload.sha256())) {
            uploads.abort(upload);
            throw HandlerException.badRequest("the uploaded content of " + upload.target().text() + " has SHA-256 "
                    + actual + ", not the declared " + upload.sha256() + "; the upload is discarded");
        }
        if (upload.mtimeMillis() != null) {
            Files.setLastModifiedTime(upload.file(), FileTime.fromMillis(upload.mtimeMillis()));
        }
        SharePath target = upload.target();
        SecureDirectoryStream<Path> parent = root.openFolder(target.parents(), true, target.text());
        if (parent == null) {
            throw dropped(upload, "a folder of " + target.text() + " is a file or a link in the shared folder;"
                    + " nothing was written");
        }
        try (parent) {
            String name = target.name();
            BasicFileAttributes existing = ConfinedRoot.attributes(parent, name);
            if (existing != null && !existing.isRegularFile()) {
                throw dropped(upload, target.text() + " is a folder, a link or a special file in the shared folder;"
                        + " nothing was written");
            }
            checkReplaces(upload, existing);
            rename(upload, parent, name);
            syncFolder(parent, target);
            FileStat entry = FileStat.of(target.text(), ConfinedRoot.attributes(parent, name));
            HashCache cache = indexer.cache();
            cache.putWritten(entry, upload.sha256());
            uploads.abort(upload); // done: it leaves the registry, and its (now empty) staging name
            WriteLog.committed(existing == null, target.text(), entry.size(), upload.sha256(), client);
            return new Indexer.Hashed(entry, upload.sha256());
        }
    }

    private HandlerException dropped(Upload upload, String message) {
        uploads.abort(upload);
        return HandlerException.conflict(message + "; the upload is discarded");
    }

    private void checkReplaces(Upload upload, BasicFileAttributes existing) throws HandlerException, IOException {
        Upload.Replaces replaces = upload.replaces();
        if (!replaces.checked()) {
            return;
        }
        String text = upload.target().text();
        if (existing == null) {
            if (replaces.sha256() != null) {
                throw dropped(upload, text + " was removed meanwhile; nothing was written");
            }
            return;
        }
        if (replaces.sha256() == null) {
            throw dropped(upload, text + " was created meanwhile; nothing was written");
        }
        FileStat current = root.stat(upload.target());
        Indexer.Hashed hashed = current == null ? null : indexer.settledForOverwrite(current);
        if (hashed == null || hashed.changing() || !hashed.sha256().equals(replaces.sha256())) {
            String now = hashed == null ? "unknown" : hashed.changing() ? "changing (it is being written)" : hashed.sha256();
            throw dropped(upload, text + " changed: its SHA-256 is now " + now + ", not " + replaces.sha256()
                    + "; nothing was written");
        }
    }

    private void rename(Upload upload, SecureDirectoryStream<Path> parent, String name) throws IOException {
        Path staged = Path.of(upload.id() + Uploads.SUFFIX);
        try {
            uploads.handle().move(staged, parent, ConfinedRoot.name(name));
            return;
        } catch (IOException crossDevice) {
            LOG.debug("cannot rename {} into the shared folder ({}); copying it beside its target", staged,
                    crossDevice.toString());
        }
        String hidden = ConfinedRoot.HIDDEN_PREFIX + upload.id();
        String hiddenPath = upload.target().parents().isEmpty() ? "/" + hidden
                : "/" + String.join("/", upload.target().parents()) + "/" + hidden;
        temporaries.creating(hiddenPath);
        try {
            copy(upload, parent, hidden);
            parent.move(Path.of(hidden), parent, ConfinedRoot.name(name));
        } catch (IOException | RuntimeException e) {
            try {
                parent.deleteFile(Path.of(hidden));
            } catch (IOException ignored) {
                // Not created, or already renamed.
            }
            throw e;
        } finally {
            temporaries.gone(hiddenPath);
        }
    }

    /**
     * Copies the staged file into the hidden temporary, which it creates ({@code O_EXCL}: never an
     * existing name, never through a link), syncs it, and verifies it through the same open file:
     * exactly the upload's size is read back, and nothing is opened again by name.
     */
    private static void copy(Upload upload, SecureDirectoryStream<Path> parent, String hidden) throws IOException {
        try (FileChannel copy = ConfinedRoot.create(parent, hidden)) {
            FileChannel source = upload.channel().position(0);
            long done = 0;
            while (done < upload.size()) {
                done += copy.transferFrom(source, done, upload.size() - done);
            }
            copy.force(true);
            MessageDigest digest = Sha256.digest();
            if (Sha256.update(digest, copy, 0, upload.size()) != upload.size() || copy.size() != upload.size()
                    || !Sha256.hex(digest).equals(upload.sha256())) {
                throw new IOException("the copy of " + upload.target().text() + " in the shared folder does not match"
                        + " its upload");
            }
        }
        if (upload.mtimeMillis() != null) {
            parent.getFileAttributeView(Path.of(hidden), BasicFileAttributeView.class, NOFOLLOW_LINKS)
                    .setTimes(FileTime.fromMillis(upload.mtimeMillis()), null, null);
        }
    }

    /**
     * fsync of the target's folder, so the rename itself survives a crash: the folder is opened as
     * {@code .} of its own handle, which no swap can redirect.
     */
    private static void syncFolder(SecureDirectoryStream<Path> parent, SharePath target) {
        try (var channel = (FileChannel) parent.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ))) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync the folder of {}: {}", target.text(), e.toString());
        }
    }
}
