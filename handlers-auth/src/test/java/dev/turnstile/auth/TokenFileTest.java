package dev.turnstile.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

    private static final String TOKEN = "a889930308416b054946d3799ec813af117e884f4ce2805fed573db2d51d89e0";
    private static final String OTHER_TOKEN = "732de3e63ad715a5428f167332e285e4849001e75b52456fdcd34b54031bd3a2";

    @TempDir
    Path dataDir;

    private final TokenFile file = new TokenFile();

    @Test
    void tokenIsWrittenAsExactlyItsCharactersWithoutNewline() throws IOException {
        file.open(dataDir);

        file.write(TOKEN);

        Path written = dataDir.resolve("connection").resolve("TOKEN");
        assertEquals(written, file.path());
        assertEquals(TOKEN, Files.readString(written, StandardCharsets.US_ASCII));
        assertEquals(64, Files.size(written));
    }

    @Test
    void secondWriteReplacesTheFirstAndLeavesNoTemporaryFile() throws IOException {
        file.open(dataDir);

        file.write(TOKEN);
        file.write(OTHER_TOKEN);

        assertEquals(OTHER_TOKEN, Files.readString(file.path()));
        assertEquals(List.of("TOKEN"), namesIn(dataDir.resolve("connection")));
    }

    @Test
    void tokenIsReadableByItsOwnerOnly() throws IOException {
        assumePosix();
        file.open(dataDir);

        file.write(TOKEN);

        assertEquals("rw-------", permissions(file.path()));
        assertEquals("rwx------", permissions(dataDir.resolve("connection")));
    }

    @Test
    void existingFolderReadableByOthersIsRestrictedToItsOwner() throws IOException {
        assumePosix();
        Path folder = Files.createDirectory(dataDir.resolve("connection"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));

        file.open(dataDir);

        assertEquals("rwx------", permissions(folder));
    }

    @Test
    void failedWriteLeavesNoTemporaryFile() throws IOException {
        file.open(dataDir);
        // A non-empty folder named TOKEN cannot be replaced by a file, so the rename fails.
        Files.createDirectories(file.path().resolve("blocker"));

        assertThrows(IOException.class, () -> file.write(TOKEN));

        assertEquals(List.of("TOKEN"), namesIn(dataDir.resolve("connection")));
    }

    @Test
    void removeDeletesTheTokenAndIsHarmlessWhenThereIsNone() throws IOException {
        file.open(dataDir);
        file.write(TOKEN);

        file.remove();
        file.remove();

        assertFalse(Files.exists(file.path()));
    }

    @Test
    void removeBeforeOpenDoesNothing() {
        file.remove();

        assertFalse(Files.exists(dataDir.resolve("connection")));
    }

    @Test
    void openRemovesATokenAndTemporaryFilesLeftByACrash() throws IOException {
        Path folder = Files.createDirectory(dataDir.resolve("connection"));
        Files.writeString(folder.resolve("TOKEN"), TOKEN);
        Files.writeString(folder.resolve(".TOKEN-123.tmp"), OTHER_TOKEN);
        Files.writeString(folder.resolve("notes.txt"), "kept");

        file.open(dataDir);

        assertEquals(List.of("notes.txt"), namesIn(folder));
    }

    @Test
    void openFailsNamingTheFolderWhenAFileIsInTheWay() throws IOException {
        Path blocker = Files.writeString(dataDir.resolve("connection"), "not a folder");

        IOException e = assertThrows(IOException.class, () -> file.open(dataDir));

        assertEquals("cannot keep the token in " + blocker + ": a file that is not a folder is in the way;"
                + " remove it or choose another data-dir", e.getMessage());
    }

    @Test
    void openFailsNamingTheFolderWhenTheDataDirIsNotWritable() throws IOException {
        assumePosix();
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("r-x------"));
        try {
            assumeFalse(Files.isWritable(dataDir), "permissions do not bind this user (root), see the file-in-the-way test");

            IOException e = assertThrows(IOException.class, () -> file.open(dataDir));

            assertEquals("cannot write the token folder " + dataDir.resolve("connection") + " (permission denied);"
                    + " make it writable for the user running Turnstile or choose another data-dir", e.getMessage());
        } finally {
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private void assumePosix() {
        assumeTrue(dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "this file system has no POSIX permissions");
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static List<String> namesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
