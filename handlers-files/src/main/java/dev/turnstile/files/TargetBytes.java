package dev.turnstile.files;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Fills an upload begun with {@code "start_from":"target"} with the bytes its target has now, on a
 * lane: the target is read whole and hashed (it must still be the version the upload
 * {@code replaces}), and its first bytes, up to the upload's size, are written into the staged file
 * as if they had been sent. The client then sends only the blocks that differ; the commit verifies
 * the whole file, as always.
 */
final class TargetBytes {

    private static final int COPY_BYTES = 256 * 1024;

    private final SharedFolder folder;
    private final Upload upload;

    TargetBytes(SharedFolder folder, Upload upload) {
        this.folder = folder;
        this.upload = upload;
    }

    /**
     * @throws HandlerException 409 when the target is missing or no longer the version the upload
     *     replaces; the upload is then dropped
     */
    void copy() throws HandlerException, IOException {
        SharePath target = upload.target();
        try (ConfinedRoot.Opened source = folder.root().openRead(target)) {
            if (source == null) {
                throw dropped(SharePath.quote(target.text()) + " is not in the shared folder: there are no bytes to start"
                        + " from");
            }
            long size = source.entry().size();
            MessageDigest digest = Sha256.digest();
            ByteBuffer buffer = ByteBuffer.allocateDirect(COPY_BYTES);
            long at = 0;
            while (at < size) {
                buffer.clear().limit((int) Math.min(COPY_BYTES, size - at));
                int read = source.channel().read(buffer, at);
                if (read < 0) {
                    break; // shrank: the hash tells
                }
                buffer.flip();
                digest.update(buffer.duplicate());
                if (at < upload.size()) {
                    ByteBuffer kept = buffer.duplicate();
                    kept.limit((int) Math.min(kept.limit(), upload.size() - at));
                    upload.write(at, kept, folder.nanoTime());
                }
                at += read;
            }
            String now = Sha256.hex(digest);
            if (!now.equals(upload.replaces().sha256())) {
                throw dropped(target.text() + " changed: its SHA-256 is now " + now + ", not "
                        + upload.replaces().sha256() + "; nothing was begun");
            }
        }
    }

    private HandlerException dropped(String message) {
        folder.uploads().abort(upload);
        return HandlerException.conflict(message);
    }
}
