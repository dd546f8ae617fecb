package dev.turnstile.filemodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

    /** SHA-256 of "abc", from FIPS 180-2. */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path temp;

    @Test
    void bytesTextChannelsAndFilesHashAlike() throws IOException {
        byte[] big = new byte[700_000];
        new Random(1).nextBytes(big);
        Path file = Files.write(temp.resolve("big.bin"), big);
        String expected = Sha256.ofBytes(big);

        assertEquals(ABC, Sha256.ofBytes("abc".getBytes()));
        assertEquals(ABC, Sha256.ofText("abc"));
        assertEquals(EMPTY, Sha256.ofText(""));
        assertEquals(expected, Sha256.ofFile(file));
        assertEquals(expected, Sha256.of(Channels.newChannel(Files.newInputStream(file))));
    }

    @Test
    void aStreamingHashFedInRangesEqualsTheWholeHash() throws IOException {
        byte[] content = new byte[600_000];
        new Random(2).nextBytes(content);
        Path file = Files.write(temp.resolve("f"), content);
        MessageDigest digest = Sha256.digest();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertEquals(1000, Sha256.update(digest, channel, 0, 1000));
            assertEquals(content.length, Sha256.update(digest, channel, 1000, Long.MAX_VALUE), "stops at the end");
            assertEquals(0, channel.position(), "the channel's position is left alone");
        }
        assertEquals(Sha256.ofBytes(content), Sha256.hex(digest));
    }

    @Test
    void aFileIsHashedWithoutFollowingALink() throws IOException {
        Path target = Files.writeString(temp.resolve("target"), "x");
        Path link = Files.createSymbolicLink(temp.resolve("link"), target);

        assertThrows(IOException.class, () -> Sha256.ofFile(link));
    }

    @Test
    void onlySixtyFourLowercaseHexDigitsAreASha256AsTheProtocolWritesIt() {
        assertTrue(Sha256.isHex(ABC));
        assertFalse(Sha256.isHex(ABC.toUpperCase()), "upper case");
        assertFalse(Sha256.isHex(ABC.substring(1)), "63 digits");
        assertFalse(Sha256.isHex(ABC + "0"), "65 digits");
        assertFalse(Sha256.isHex(ABC.substring(1) + "g"), "a letter past f");
        assertFalse(Sha256.isHex(ABC.substring(1) + "/"), "the character before 0");
        assertFalse(Sha256.isHex(ABC.substring(1) + ":"), "the character after 9");
        assertFalse(Sha256.isHex(null));
        assertFalse(Sha256.isHex(12L), "not a string");
    }
}
