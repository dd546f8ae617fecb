package dev.turnstile.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one sealed upload in place, on a lane's thread: opens the target's folder from the root
 * without following links (making missing folders with {@link FolderMaker}), checks what the upload
 * {@code replaces}, keeps the replaced version under another name when asked
 * ({@code keep_replaced_as}), and renames the staged file over the target ({@code renameat},
 * atomic). The folder is forced to disk by the {@link CommitBatch}, once for all the uploads of a
 * batch that land in it, and only then is the change {@linkplain #finish finished}: in the index,
 * in the log, answered.
 *
 * <p>When staging and the shared folder are on different file systems, the rename fails
 * ({@code EXDEV}); the staged file is then copied into a hidden temporary
 * ({@code .turnstile-upload-<id>}, recorded in {@link Temporaries}) in the target's folder, forced,
 * verified and renamed over the target.
 *
 * <p>A target that is no longer what the upload replaces, or a folder on its way that is a file or a
 * link, is a 409 and the upload is dropped (it could never be committed). A full disk is a 507 and
 * the upload stays, to be committed again once there is room.
 */
final class UploadCommit {

    private static final Logger LOG = LoggerFactory.getLogger(UploadCommit.class);

    private final SharedFolder folder;

    UploadCommit(SharedFolder folder) {
        this.folder = folder;
    }

    /**
     * An upload renamed into place, its folder not yet forced.
     *
     * @param parent the target's folder, open until the batch has forced it
     * @param created whether the target did not exist
     * @param keep the path the replaced version was kept under, or {@code null}
     */
    record Placed(Upload upload, SecureDirectoryStream<Path> parent, boolean created, SharePath keep) {
        /** @return the target's folder, which the batch forces once */
        String folderPath() {
            return "/" + String.join("/", upload.target().parents());
        }
    }

    /**
     * @param sealed the upload's seal, current
     * @param keep where to keep the replaced version, or {@code null}
     * @throws HandlerException 400 when size or hash do not match (the upload is then dropped), 409
     *     when the target is a folder or a link, or not the version the upload replaces, or the name
     *     to keep it under is taken (dropped too), 507 when the disk is full (the upload stays)
     */
    Placed place(Upload upload, Upload.Sealed sealed, SharePath keep) throws HandlerException, IOException {
        try {
            return placeOrFail(upload, sealed, keep);
        } catch (IOException e) {
            if (DiskFull.is(e)) {
                throw HandlerException.insufficientStorage("the server's disk is full: " + upload.target().text()
                        + " could not be written; the upload is kept, commit it again once there is room");
            }
            throw e;
        }
    }

    private Placed placeOrFail(Upload upload, Upload.Sealed sealed, SharePath keep) throws HandlerException, IOException {
        if (sealed.sha256() == null || !sealed.sha256().equals(upload.sha256())) {
            folder.uploads().abort(upload);
            throw HandlerException.badRequest("the uploaded content of " + upload.target().text() + " has SHA-256 "
                    + (sealed.sha256() == null ? "of another size" : sealed.sha256()) + ", not the declared "
                    + upload.sha256() + "; the upload is discarded");
        }
        SharePath target = upload.target();
        SecureDirectoryStream<Path> parent = folder.root().openFolder(target.parents(), true, target.text());
        if (parent == null) {
            throw dropped(upload, "a folder of " + target.text() + " is a file or a link in the shared folder;"
                    + " nothing was written");
        }
        boolean placed = false;
        try {
            String name = target.name();
            BasicFileAttributes existing = ConfinedRoot.attributes(parent, name);
            if (existing != null && !existing.isRegularFile()) {
                throw dropped(upload, target.text() + " is a folder, a link or a special file in the shared folder;"
                        + " nothing was written");
            }
            checkReplaces(upload, existing);
            if (keep != null && existing != null) {
                new KeptCopy(folder, upload).keep(parent, keep);
            }
            rename(upload, parent, name);
            placed = true;
            return new Placed(upload, parent, existing == null, existing == null ? null : keep);
        } finally {
            if (!placed) {
                parent.close();
            }
        }
    }

    /**
     * The upload's folder is on disk: its change enters the index at once (the watcher's report of it
     * later finds nothing new), is logged, and leaves the uploads.
     *
     * @return the target as it is now, with its hash
     */
    FileHasher.Hashed finish(Placed placed, String client) throws IOException {
        Upload upload = placed.upload();
        SharePath target = upload.target();
        BasicFileAttributes attributes = ConfinedRoot.attributes(placed.parent(), target.name());
        Look look = attributes == null ? null : Look.of(target.text(), attributes);
        byte[] sha = HexFormat.of().parseHex(upload.sha256());
        if (look != null) {
            folder.updater().own(look);
            folder.index().apply(look, sha, false, Long.MAX_VALUE);
        }
        if (placed.keep() != null) {
            Look kept = folder.root().stat(placed.keep());
            if (kept != null) {
                folder.updater().own(kept);
                folder.index().apply(kept, HexFormat.of().parseHex(upload.replaces().sha256()), false, Long.MAX_VALUE);
                WriteLog.kept(placed.keep().text(), kept.size(), upload.replaces().sha256(), client);
            }
        }
        folder.uploads().abort(upload); // done: it leaves the registry, and its (now empty) staging name
        long size = look == null ? upload.size() : look.size();
        WriteLog.committed(placed.created(), target.text(), size, upload.sha256(), client);
        Look result = look != null ? look : new Look(target.text(), false, upload.size(),
                upload.mtimeMillis() == null ? 0 : upload.mtimeMillis() * 1_000_000L, 0, Look.UNKNOWN, Look.UNKNOWN_MODE);
        return new FileHasher.Hashed(result, sha, false);
    }

    private HandlerException dropped(Upload upload, String message) {
        folder.uploads().abort(upload);
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
        Look current = folder.root().stat(upload.target());
        FileHasher.Hashed hashed = current == null ? null : folder.currentHash(current);
        if (hashed == null || hashed.changing() || !hashed.hex().equals(replaces.sha256())) {
            String now = hashed == null ? "unknown" : hashed.changing() ? "changing (it is being written)" : hashed.hex();
            throw dropped(upload, text + " changed: its SHA-256 is now " + now + ", not " + replaces.sha256()
                    + "; nothing was written");
        }
    }

    private void rename(Upload upload, SecureDirectoryStream<Path> parent, String name) throws IOException {
        Path staged = Path.of(upload.id() + Uploads.SUFFIX);
        try {
            folder.uploads().handle().move(staged, parent, ConfinedRoot.name(name));
            return;
        } catch (IOException crossDevice) {
            LOG.debug("cannot rename {} into the shared folder ({}); copying it beside its target", staged,
                    crossDevice.toString());
        }
        String hidden = ConfinedRoot.HIDDEN_PREFIX + upload.id();
        String hiddenPath = hiddenPath(upload.target(), hidden);
        Temporaries temporaries = folder.temporaries();
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

    /** @return the path of a hidden name in the target's folder */
    static String hiddenPath(SharePath target, String hidden) {
        return target.parents().isEmpty() ? "/" + hidden : "/" + String.join("/", target.parents()) + "/" + hidden;
    }

    /**
     * Copies the staged file into the hidden temporary, which it creates ({@code O_EXCL}: never an
     * existing name, never through a link), forces it, and verifies it through the same open file:
     * exactly the upload's size is read back, and nothing is opened again by name.
     */
    private static void copy(Upload upload, SecureDirectoryStream<Path> parent, String hidden) throws IOException {
        try (FileChannel copy = ConfinedRoot.create(parent, hidden)) {
            FileChannel source = upload.channel().position(0);
            long done = 0;
            while (done < upload.size()) {
                done += copy.transferFrom(source, done, upload.size() - done);
            }
            if (upload.mtimeMillis() != null) {
                parent.getFileAttributeView(Path.of(hidden), BasicFileAttributeView.class, NOFOLLOW_LINKS)
                        .setTimes(FileTime.fromMillis(upload.mtimeMillis()), null, null);
            }
            if (upload.mode() != null) {
                parent.getFileAttributeView(Path.of(hidden), PosixFileAttributeView.class, NOFOLLOW_LINKS)
                        .setPermissions(Modes.permissions(upload.mode()));
            }
            copy.force(true);
            MessageDigest digest = Sha256.digest();
            if (Sha256.update(digest, copy, 0, upload.size()) != upload.size() || copy.size() != upload.size()
                    || !Sha256.hex(digest).equals(upload.sha256())) {
                throw new IOException("the copy of " + upload.target().text() + " in the shared folder does not match"
                        + " its upload");
            }
        }
    }
}
