package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownServersFileTest {

    private static final String A = "SHA256:" + "aa:".repeat(31) + "aa";
    private static final String B = "SHA256:" + "bb:".repeat(31) + "bb";

    @TempDir
    Path folder;

    @Test
    void aMissingFileKnowsNoServerAndTheFirstWriteMakesItAndItsFolderOwnerOnly() throws Exception {
        KnownServersFile known = new KnownServersFile(folder.resolve("config/turnstile/known_servers"));

        assertNull(known.fingerprint("box:8888"));
        known.remember("box:8888", A);

        assertEquals(A, known.fingerprint("box:8888"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(known.path())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(known.path().getParent())));
        assertTrue(Files.readString(known.path()).startsWith("# "), "the file says what it is");
    }

    @Test
    void rememberingReplacesOnlyThatServersLineAndKeepsCommentsAndLinesItCannotRead() throws Exception {
        Path file = folder.resolve("known_servers");
        Files.write(file, List.of("# mine", "box:8888 " + A, "a line of my own", "other:1 " + A));
        KnownServersFile known = new KnownServersFile(file);

        known.remember("box:8888", B);
        known.remember("new:2", A);

        assertEquals(List.of("# mine", "box:8888 " + B, "a line of my own", "other:1 " + A, "new:2 " + A),
                Files.readAllLines(file));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void aLinkInPlaceOfTheFileIsRefusedAndWhatItPointsToIsLeftAlone() throws Exception {
        Path target = folder.resolve("elsewhere");
        Files.writeString(target, "not mine\n");
        Path link = Files.createSymbolicLink(folder.resolve("known_servers"), target);
        KnownServersFile known = new KnownServersFile(link);

        IOException read = assertThrows(IOException.class, () -> known.fingerprint("box:8888"));
        IOException write = assertThrows(IOException.class, () -> known.remember("box:8888", A));

        assertTrue(read.getMessage().contains("is a symbolic link"), read.getMessage());
        assertTrue(write.getMessage().contains("is a symbolic link"), write.getMessage());
        assertEquals("not mine\n", Files.readString(target));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void serversAreNamedHostColonPortWithHostNamesInLowerCaseAndIpv6InBrackets() {
        assertEquals("box.example.org:8888", KnownServersFile.serverName("Box.Example.ORG", 8888));
        assertEquals("[::1]:9000", KnownServersFile.serverName("::1", 9000));
        assertEquals("[fe80::1]:9000", KnownServersFile.serverName("[FE80::1]", 9000));
        assertEquals("10.0.0.5:1", KnownServersFile.serverName("10.0.0.5", 1));
    }
}
