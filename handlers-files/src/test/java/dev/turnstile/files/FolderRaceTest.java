package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.HandlerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local user swaps a folder of the shared folder for a link to a folder outside, again and again,
 * while uploads create new folders inside it: nothing may appear outside, not even an empty folder.
 */
class FolderRaceTest {

    private static final int UPLOADS = 300;
    private static final int MAX_SWAPS = 1_000_000;

    @TempDir
    Path temp;

    private TestFolder share;
    private Path outside;

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, true);
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.createDirectories(share.root.resolve("race"));
    }

    @AfterEach
    void close() {
        share.close();
    }

    @Test
    void uploadsIntoAFolderSwappedForALinkCreateNothingOutside() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Thread swapper = new Thread(() -> swap(done, swaps), "swapper");
        swapper.start();
        int committed = 0;
        try {
            for (int i = 0; i < UPLOADS; i++) {
                String id = (String) share.ok("/upload_begin", "path", "/race/nd" + i + "/x.txt", "size", 1L,
                        "sha256", TestFolder.sha256("x")).get("upload");
                share.ok("/upload_chunk", "upload", id, "offset", 0L, "data", "eA==");
                try {
                    share.ok("/upload_commit", "upload", id);
                    committed++;
                } catch (HandlerException refused) {
                    assertEquals(409, refused.code(), refused.getMessage());
                }
            }
        } finally {
            done.set(true);
            swapper.join();
        }

        try (Stream<Path> left = Files.list(outside)) {
            assertEquals(List.of(), left.toList(), "nothing outside after " + swaps.get() + " swaps and " + committed
                    + " commits");
        }
        try (Stream<Path> hidden = Files.list(share.root)) {
            assertTrue(hidden.noneMatch(p -> p.getFileName().toString().startsWith(ConfinedRoot.HIDDEN_PREFIX)),
                    "no hidden folder is left under the root");
        }
    }

    /**
     * The attacker: {@code race} is a folder, then a link to {@code outside}, then the folder again.
     * An upload may create {@code race} itself while it is missing: the attacker then puts that one aside.
     */
    private void swap(AtomicBoolean done, AtomicInteger swaps) {
        Path race = share.root.resolve("race");
        Path aside = share.root.resolve("race-aside");
        for (int i = 0; i < MAX_SWAPS && !done.get(); i++) {
            try {
                Files.move(race, aside);
                Files.createSymbolicLink(race, outside);
                Files.delete(race);
                Files.move(aside, race);
                swaps.incrementAndGet();
            } catch (IOException raced) {
                try {
                    if (Files.isDirectory(aside, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(race);
                        Files.move(aside, race);
                    }
                } catch (IOException again) {
                    // An upload got in between once more: the next turn sorts it out.
                }
            }
        }
    }
}
