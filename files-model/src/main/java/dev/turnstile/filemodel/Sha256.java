package dev.turnstile.filemodel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 as the protocol writes it, 64 lowercase hex digits: of bytes, of text (its UTF-8), of
 * what a channel or a file holds. Files are read in bounded pieces, never whole in memory. For a
 * streaming hash, take a {@link #digest()}, feed it ({@link #update}) and finish it with
 * {@link #hex(MessageDigest)}.
 */
public final class Sha256 {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int READ_BYTES = 256 * 1024;

    private Sha256() {
    }

    /** @return a fresh SHA-256 digest */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** @return the hex SHA-256 of the bytes */
    public static String ofBytes(byte[] bytes) {
        return toHex(digest().digest(bytes));
    }

    /** @return the hex SHA-256 of the text's UTF-8 bytes */
    public static String ofText(String text) {
        return ofBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the hex of what the digest was fed; the digest is reset */
    public static String hex(MessageDigest digest) {
        return toHex(digest.digest());
    }

    /** Reads the channel from its position to its end and returns the hex SHA-256 of those bytes. */
    public static String of(ReadableByteChannel channel) throws IOException {
        MessageDigest digest = digest();
        ByteBuffer buffer = ByteBuffer.allocate(READ_BYTES);
        while (channel.read(buffer) >= 0) {
            buffer.flip();
            digest.update(buffer);
            buffer.clear();
        }
        return hex(digest);
    }

    /**
     * @return the hex SHA-256 of a whole file, opened without following a link (a link is an
     *     {@link IOException})
     */
    public static String ofFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return of(channel);
        }
    }

    /**
     * Feeds bytes [from, to) of a file to a digest, stopping early at the end of the file; the
     * channel's own position is left alone.
     *
     * @return the position reached
     */
    public static long update(MessageDigest digest, FileChannel channel, long from, long to) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(1, Math.min(READ_BYTES, to - from)));
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

    /** @return whether the value is a SHA-256 as the protocol writes it: 64 lowercase hex digits */
    public static boolean isHex(Object value) {
        if (!(value instanceof String text) || text.length() != 64) {
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

    private static String toHex(byte[] hash) {
        char[] text = new char[hash.length * 2];
        for (int i = 0; i < hash.length; i++) {
            text[2 * i] = HEX[(hash[i] >> 4) & 0xf];
            text[2 * i + 1] = HEX[hash[i] & 0xf];
        }
        return new String(text);
    }
}
