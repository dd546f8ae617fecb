package dev.turnstile.filemodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStatTest {

    @TempDir
    Path temp;

    @Test
    void aLookByPathGivesSizeTimesAndIdentityWhereThePlatformHasThem() throws IOException {
        Path file = Files.writeString(temp.resolve("a.txt"), "alpha");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_600_000_000_123L));

        FileStat stat = FileStat.read("/a.txt", file);

        assertEquals("/a.txt", stat.path());
        assertEquals(5, stat.size());
        assertEquals(1_600_000_000_123_000_000L, stat.mtimeNanos());
        assertEquals(1_600_000_000_123L, stat.mtimeMillis());
        assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("unix"), "a Unix platform");
        assertTrue(stat.hasCtime(), "the change time");
        assertNotNull(stat.fileKey(), "device and inode");
        assertTrue(stat.ctimeNanos() > stat.mtimeNanos(), "setting the time back moved the change time");
    }

    @Test
    void basicAttributesGiveNoChangeTime() throws IOException {
        Path file = Files.writeString(temp.resolve("a.txt"), "alpha");
        BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);

        FileStat stat = FileStat.of("/a.txt", basic);

        assertFalse(stat.hasCtime());
        assertEquals(basic.fileKey() == null ? null : basic.fileKey().toString(), stat.fileKey());
        assertTrue(stat.matches(FileStat.read("/a.txt", file)), "what both looks know agrees");
    }

    @Test
    void aFolderALinkAndNothingAreNoRegularFile() throws IOException {
        Path target = Files.writeString(temp.resolve("target"), "x");

        assertNull(FileStat.read("/folder", Files.createDirectory(temp.resolve("folder"))));
        assertNull(FileStat.read("/link", Files.createSymbolicLink(temp.resolve("link"), target)));
        assertNull(FileStat.read("/missing", temp.resolve("missing")));
    }

    @Test
    void theQuickCheckComparesWhatBothLooksKnow() {
        FileStat full = new FileStat("/a", 5, 100, 200, "(dev=1,ino=2)");

        assertTrue(full.matches(new FileStat("/a", 5, 100, 200, "(dev=1,ino=2)")));
        assertTrue(full.matches(new FileStat("/a", 5, 100, FileStat.UNKNOWN, null)), "nothing more is known");
        assertFalse(full.matches(new FileStat("/a", 6, 100, 200, "(dev=1,ino=2)")), "size");
        assertFalse(full.matches(new FileStat("/a", 5, 101, 200, "(dev=1,ino=2)")), "modification time");
        assertFalse(full.matches(new FileStat("/a", 5, 100, 201, "(dev=1,ino=2)")), "change time");
        assertFalse(full.matches(new FileStat("/a", 5, 100, 200, "(dev=1,ino=3)")), "another file renamed in");
        assertFalse(full.matches(new FileStat("/b", 5, 100, 200, "(dev=1,ino=2)")), "path");
    }

    @Test
    void onlyAFullLookMayStandInForReadingAFileBeforeAnOverwrite() {
        FileStat full = new FileStat("/a", 5, 100, 200, "(dev=1,ino=2)");

        assertTrue(full.matchesFully(new FileStat("/a", 5, 100, 200, "(dev=1,ino=2)")));
        assertFalse(full.matchesFully(new FileStat("/a", 5, 100, FileStat.UNKNOWN, "(dev=1,ino=2)")), "no change time");
        assertFalse(full.matchesFully(new FileStat("/a", 5, 100, 200, null)), "no identity");
        assertFalse(new FileStat("/a", 5, 100, FileStat.UNKNOWN, null).matchesFully(full));
    }

    @Test
    void aFileKeyWithWhiteSpaceIsTakenAsUnknownSinceTheCacheFileCouldNotHoldIt() {
        assertNull(new FileStat("/a", 1, 1, 1, "a key").fileKey());
        assertNull(new FileStat("/a", 1, 1, 1, "").fileKey());
    }
}
