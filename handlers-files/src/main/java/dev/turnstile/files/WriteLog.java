package dev.turnstile.files;

import dev.turnstile.filemodel.SharePath;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log line of every change a client makes to the shared folder, at INFO: what (created, replaced,
 * deleted), the path (escaped: one line whatever the name), the size, the first 12 hex digits of the
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

    static void deleted(String path, long size, String sha256, String client) {
        LOG.info("deleted {}: {} bytes, sha256 {}, by {}", SharePath.quote(path), size, sha256.substring(0, 12), client);
    }
}
