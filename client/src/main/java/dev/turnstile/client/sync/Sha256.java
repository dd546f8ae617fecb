package dev.turnstile.client.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of bytes and of files, read in bounded pieces, as lowercase hex. */
final class Sha256 {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int READ_BYTES = 256 * 1024;

    private Sha256() {
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String hex(byte[] bytes) {
        return toHex(digest().digest(bytes));
    }

    static String hex(MessageDigest digest) {
        return toHex(digest.digest());
    }

    private static String toHex(byte[] hash) {
        char[] text = new char[hash.length * 2];
        for (int i = 0; i < hash.length; i++) {
            text[2 * i] = HEX[(hash[i] >> 4) & 0xf];
            text[2 * i + 1] = HEX[hash[i] & 0xf];
        }
        return new String(text);
    }

    /** @return whether text is a SHA-256 as the protocol writes it: 64 lowercase hex digits */
    static boolean isHex(String text) {
        if (text == null || text.length() != 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** @return the hex SHA-256 of a whole file */
    static String file(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest digest = digest();
            update(digest, channel, 0, Long.MAX_VALUE);
            return hex(digest);
        }
    }

    /**
     * Feeds bytes [from, to) of a channel to a digest, stopping early at the end of the file.
     *
     * @return the position reached
     */
    static long update(MessageDigest digest, FileChannel channel, long from, long to) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(READ_BYTES);
        long position = from;
        while (position < to) {
            buffer.clear();
            if (to - position < buffer.capacity()) {
                buffer.limit((int) (to - position));
            }
            int read = channel.read(buffer, position);
            if (read < 0) {
                break;
            }
            buffer.flip();
            digest.update(buffer);
            position += read;
        }
        return position;
    }
}
