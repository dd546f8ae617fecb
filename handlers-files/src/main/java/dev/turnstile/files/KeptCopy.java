package dev.turnstile.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.MessageDigest;

/**
 * Keeps the version an upload replaces under another name in the same folder
 * ({@code keep_replaced_as}, a conflict copy such as {@code a.sync-conflict-20261207-101500.md}):
 * the target is copied into a hidden temporary ({@code .turnstile-upload-keep-<id>}, recorded in
 * {@link Temporaries}), hashed as it is copied (it must still be the version the upload replaces),
 * given the target's time and mode, forced to disk, and renamed to the name asked for, which must
 * not exist. A copy, not a rename of the target: so the target is at every moment the old version
 * or the new one, never missing, and a crash leaves at most the hidden temporary, which the next
 * start removes.
 */
final class KeptCopy {

    private static final int COPY_BYTES = 256 * 1024;

    private final SharedFolder folder;
    private final Upload upload;

    KeptCopy(SharedFolder folder, Upload upload) {
        this.folder = folder;
        this.upload = upload;
    }

    /**
     * @param parent the target's folder
     * @param keep the name to keep the replaced version under, in the same folder
     * @throws HandlerException 409 when that name exists, or the target is no longer the version
     *     the upload replaces (the upload is dropped either way)
     */
    void keep(SecureDirectoryStream<Path> parent, SharePath keep) throws HandlerException, IOException {
        if (ConfinedRoot.attributes(parent, keep.name()) != null) {
            throw dropped(keep.text() + " exists already; nothing was written");
        }
        String hidden = ConfinedRoot.HIDDEN_PREFIX + "keep-" + upload.id();
        String hiddenPath = UploadCommit.hiddenPath(upload.target(), hidden);
        folder.temporaries().creating(hiddenPath);
        boolean renamed = false;
        try (ConfinedRoot.Opened source = folder.root().openRead(upload.target())) {
            if (source == null) {
                throw dropped(upload.target().text() + " was removed meanwhile; nothing was written");
            }
            String copied = copy(source, parent, hidden);
            if (!copied.equals(upload.replaces().sha256())) {
                throw dropped(upload.target().text() + " changed: its SHA-256 is now " + copied + ", not "
                        + upload.replaces().sha256() + "; nothing was written");
            }
            if (ConfinedRoot.attributes(parent, keep.name()) != null) {
                throw dropped(keep.text() + " exists already; nothing was written");
            }
            parent.move(Path.of(hidden), parent, ConfinedRoot.name(keep.name()));
            renamed = true;
        } finally {
            if (!renamed) {
                try {
                    parent.deleteFile(Path.of(hidden));
                } catch (IOException ignored) {
                    // Not created.
                }
            }
            folder.temporaries().gone(hiddenPath);
        }
    }

    /** Copies the opened target into a new hidden file, with its time and mode, forced; returns the copied bytes' hash. */
    private static String copy(ConfinedRoot.Opened source, SecureDirectoryStream<Path> parent, String hidden)
            throws IOException {
        Look look = source.entry();
        MessageDigest digest = Sha256.digest();
        try (FileChannel copy = ConfinedRoot.create(parent, hidden)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(COPY_BYTES);
            long at = 0;
            while (at < look.size()) {
                buffer.clear().limit((int) Math.min(COPY_BYTES, look.size() - at));
                int read = source.channel().read(buffer, at);
                if (read < 0) {
                    break; // shrank: the hash tells
                }
                buffer.flip();
                digest.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    copy.write(buffer, at + buffer.position());
                }
                at += read;
            }
            parent.getFileAttributeView(Path.of(hidden), BasicFileAttributeView.class, NOFOLLOW_LINKS)
                    .setTimes(FileTime.from(look.mtimeNanos(), java.util.concurrent.TimeUnit.NANOSECONDS), null, null);
            if (look.mode() != Look.UNKNOWN_MODE) {
                parent.getFileAttributeView(Path.of(hidden), PosixFileAttributeView.class, NOFOLLOW_LINKS)
                        .setPermissions(Modes.permissions(look.mode()));
            }
            copy.force(true);
        }
        return Sha256.hex(digest);
    }

    private HandlerException dropped(String message) {
        folder.uploads().abort(upload);
        return HandlerException.conflict(message + "; the upload is discarded");
    }
}
