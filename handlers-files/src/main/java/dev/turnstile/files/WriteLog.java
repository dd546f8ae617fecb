package dev.turnstile.files;

import dev.turnstile.filemodel.SharePath;
import java.net.InetSocketAddress;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log line of every change a client makes to the shared folder, at INFO: what (created, replaced,
 * deleted, kept as a conflict copy, attributes set, folder made or removed), the path (escaped: one line whatever the name), the size, the first 12 hex digits of the
 * SHA-256 and the client's address, so an administrator can tell who changed what:
 * <pre>
 * created "/docs/c.txt": 11 bytes, sha256 b94d27b9934d, by 127.0.0.1:50514
 * </pre>
 */
final class WriteLog {

    private static final Logger LOG = LoggerFactory.getLogger(WriteLog.class);

    private WriteLog() {
    }

    /** @return the client's address as the log writes it, such as {@code 127.0.0.1:50514} */
    static String client(InetSocketAddress address) {
        return address == null ? "an unknown client" : address.getHostString() + ":" + address.getPort();
    }

    static void committed(boolean created, String path, long size, String sha256, String client) {
        LOG.info("{} {}: {} bytes, sha256 {}, by {}", created ? "created" : "replaced", SharePath.quote(path), size,
                sha256.substring(0, 12), client);
    }

    /** The version an upload replaced was kept under another name ({@code keep_replaced_as}). */
    static void kept(String path, long size, String sha256, String client) {
        LOG.info("kept the replaced version as {}: {} bytes, sha256 {}, by {}", SharePath.quote(path), size,
                sha256.substring(0, 12), client);
    }

    static void attributes(String path, Integer mode, Long mtimeMillis, String client) {
        LOG.info("set the attributes of {}:{}{}, by {}", SharePath.quote(path),
                mode == null ? "" : " mode " + Integer.toOctalString(mode),
                mtimeMillis == null ? "" : " mtime " + Instant.ofEpochMilli(mtimeMillis), client);
    }

    static void madeFolder(String path, Integer mode, String client) {
        LOG.info("made the folder {}{}, by {}", SharePath.quote(path),
                mode == null ? "" : " with mode " + Integer.toOctalString(mode), client);
    }

    static void removedFolder(String path, String client) {
        LOG.info("removed the folder {}, by {}", SharePath.quote(path), client);
    }

    static void deleted(String path, long size, String sha256, String client) {
        LOG.info("deleted {}: {} bytes, sha256 {}, by {}", SharePath.quote(path), size, sha256.substring(0, 12), client);
    }
}
