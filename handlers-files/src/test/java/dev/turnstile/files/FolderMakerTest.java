package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instant {@link FolderRaceTest} races for, held still: the server has opened {@code /race},
 * and a local user swaps its name for a link to a folder outside before the server makes
 * {@code /race/nd} in it. A folder made by its textual path ({@code mkdir share/race/nd}, what Java
 * offers without {@code mkdirat}) would appear outside; {@link FolderMaker} makes it in the folder
 * the server opened.
 */
class FolderMakerTest {

    @TempDir
    Path temp;

    private TestFolder share;
    private Temporaries temporaries;

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, true);
        temporaries = Temporaries.open(Files.createDirectories(temp.resolve("state")));
    }

    @AfterEach
    void close() throws Exception {
        temporaries.close();
        share.close();
    }

    @Test
    void aFolderMadeInAParentWhoseNameWasSwappedForALinkLandsInThatParentNeverOutside() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Path race = Files.createDirectories(share.root.resolve("race"));
        ConfinedRoot root = share.folder.root();
        try (SecureDirectoryStream<Path> opened = root.openFolder(List.of("race"), false, "/race/nd/x.txt");
                SecureDirectoryStream<Path> top = root.openTop()) {
            Files.move(race, share.root.resolve("race-aside"));
            Files.createSymbolicLink(race, outside);

            new FolderMaker(share.root, top, temporaries).make(opened, "nd");
        }

        try (Stream<Path> left = Files.list(outside)) {
            assertEquals(List.of(), left.toList());
        }
        assertTrue(Files.isDirectory(share.root.resolve("race-aside/nd"), LinkOption.NOFOLLOW_LINKS));
        try (Stream<Path> names = Files.list(share.root)) {
            assertEquals(List.of("race", "race-aside"), names.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no hidden folder is left under the root");
        }
    }

    @Test
    void aFolderThatAppearedMeanwhileIsKeptAsItIs() throws Exception {
        Path docs = Files.createDirectories(share.root.resolve("docs"));
        Files.writeString(docs.resolve("theirs.txt"), "theirs");
        try (SecureDirectoryStream<Path> top = share.folder.root().openTop();
                SecureDirectoryStream<Path> parent = share.folder.root().openTop()) {
            new FolderMaker(share.root, top, temporaries).make(parent, "docs");
        }

        assertEquals("theirs", Files.readString(docs.resolve("theirs.txt")));
        try (Stream<Path> names = Files.list(share.root)) {
            assertEquals(List.of("docs"), names.map(p -> p.getFileName().toString()).toList());
        }
    }
}
