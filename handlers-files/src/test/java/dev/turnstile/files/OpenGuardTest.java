package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Response;
import dev.turnstile.testing.Answers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What a local user who can write in the shared folder can swap in between the server's look at a
 * name and its open ({@link OpenGuard#beforeEachOpen} plays that user, at exactly that instant): a
 * FIFO, whose open would wait for a writer forever, or a link, whose open fails with {@code ELOOP}.
 */
class OpenGuardTest {

    @TempDir
    Path temp;

    private TestFolder share;

    @AfterEach
    void close() {
        if (share != null) {
            share.close();
        }
    }

    @Test
    @Timeout(60)
    void aFifoSwappedInBeforeTheOpenIsAnswered409AfterTheBoundAndItsThreadIsFreed() throws Exception {
        Lanes lanes = Lanes.ofThreads();
        share = new TestFolder(temp, temp.resolve("data"), false, lanes);
        share.write("/a.txt", "aaa");
        share.write("/b.txt", "bbb");
        share.folder.guard().beforeEachOpen(path -> {
            if (path.equals("/a.txt")) {
                swapInAFifo(share.root.resolve("a.txt"));
            }
        });

        Response held = share.call("/get_file_data", "path", "/a.txt");
        awaitFreed(held, share.root.resolve("a.txt"));

        HandlerException refusal = assertThrows(HandlerException.class, () -> Answers.of(held));
        assertEquals(409, refusal.code());
        assertEquals("\"/a.txt\" could not be opened within 2 seconds: a special file (a FIFO) may have taken its"
                + " place; nothing was read", refusal.getMessage());
        assertEquals(0, share.folder.guard().inProgress(), "the blocked open was freed");
        assertEquals(0, lanes.stuckJobs(Lanes.Lane.SHORT));
        assertEquals("YmJi", settled(share.call("/get_file_data", "path", "/b.txt")).body().get("data"),
                "the short lane serves on");
    }

    @Test
    void aLinkSwappedInBeforeTheOpenIsA404AndTheLogSaysSoOnceForAFlood() throws Exception {
        share = new TestFolder(temp, false);
        Path outside = Files.writeString(Files.createDirectories(temp.resolve("outside")).resolve("secret.txt"), "s");
        Path file = share.root.resolve("a.txt");
        share.folder.guard().beforeEachOpen(path -> {
            try {
                Files.delete(file);
                Files.createSymbolicLink(file, outside);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        ListAppender<ILoggingEvent> events = capture(ConfinedRoot.class);
        try {
            for (int i = 0; i < 50; i++) {
                Files.deleteIfExists(file);
                Files.writeString(file, "aaa");
                HandlerException refusal = assertThrows(HandlerException.class,
                        () -> share.call("/get_file_data", "path", "/a.txt"));
                assertEquals(404, refusal.code(), refusal.getMessage());
            }
        } finally {
            release(ConfinedRoot.class, events);
        }
        assertEquals(1, events.list.size(), events.list.toString());
        assertTrue(events.list.get(0).getFormattedMessage().startsWith("cannot open \"/a.txt\" in the shared folder"));
        assertEquals("s", Files.readString(outside));
    }

    @Test
    void aLinkSwappedInAgainAndAgainByAnotherThreadIsNeverA500NorServedAndLoggedOnce() throws Exception {
        share = new TestFolder(temp, false);
        Path outside = Files.writeString(Files.createDirectories(temp.resolve("outside")).resolve("secret.txt"), "OUTSIDE");
        Path file = share.write("/a.txt", "inside!");
        Path aside = share.root.resolve("a.aside");
        AtomicBoolean done = new AtomicBoolean();
        Thread swapper = new Thread(() -> {
            for (int i = 0; i < 10_000_000 && !done.get(); i++) {
                try {
                    Files.move(file, aside);
                    Files.createSymbolicLink(file, outside);
                    Files.delete(file);
                    Files.move(aside, file);
                } catch (IOException raced) {
                    // the next turn goes on
                }
            }
        });
        ListAppender<ILoggingEvent> events = capture(ConfinedRoot.class);
        swapper.start();
        int served = 0;
        try {
            for (int i = 0; i < 5000; i++) {
                try {
                    Response held = share.call("/get_file_data", "path", "/a.txt");
                    for (int wait = 0; wait < 10 && !Answers.ready(held); wait++) {
                        share.timer.advance(GetFileDataHandler.RETRY_AFTER.get(1)); // it changed while it was read
                    }
                    assertEquals("aW5zaWRlIQ==", Answers.of(held).body().get("data"));
                    served++;
                } catch (HandlerException refusal) {
                    assertTrue(refusal.code() == 404 || refusal.code() == 409, refusal.getMessage());
                }
            }
        } finally {
            done.set(true);
            swapper.join();
            release(ConfinedRoot.class, events);
        }
        assertTrue(events.list.size() <= 1, events.list.toString());
        assertTrue(served > 0);
    }

    /** @return the answer once it has come, from a lane of real threads */
    private static Response settled(Response response) throws Exception {
        return response.isLater() ? response.later().toCompletableFuture().get(30, TimeUnit.SECONDS) : response;
    }

    private static ListAppender<ILoggingEvent> capture(Class<?> type) {
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        ((Logger) LoggerFactory.getLogger(type)).addAppender(events);
        return events;
    }

    private static void release(Class<?> type, ListAppender<ILoggingEvent> events) {
        ((Logger) LoggerFactory.getLogger(type)).detachAppender(events);
    }

    @Test
    @Timeout(60)
    void aFolderSwappedForAFifoWhileAListingLooksAtAFileInItIsAnswered409AfterTheBoundAndTheNextListingSkipsIt()
            throws Exception {
        share = new TestFolder(temp, temp.resolve("data"), false, Lanes.ofThreads());
        share.write("/docs/a.txt", "aaa");
        share.write("/z.txt", "zzz");
        share.folder.start();
        share.folder.index().ready().get();
        Path docs = share.root.resolve("docs");
        share.folder.guard().beforeEachOpen(path -> {
            if (path.equals("/docs/a.txt") && Files.isDirectory(docs)) { // the open of its folder
                try {
                    Files.move(docs, temp.resolve("docs-moved"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                swapInAFifo(docs);
            }
        });

        Response held = share.call("/list_files");
        awaitFreed(held, docs);

        assertEquals(409, assertThrows(HandlerException.class, () -> Answers.of(held)).code());
        assertEquals(List.of(Map.of("path", "/z.txt", "size", 3L, "mtime", Files.getLastModifiedTime(
                share.root.resolve("z.txt")).toMillis(), "sha256", TestFolder.sha256("zzz"), "mode",
                TestFolder.mode(share.root.resolve("z.txt")))), settled(share.call("/list_files")).body().get("files"));
    }

    /**
     * Once the open is under way and the FIFO in place, moves the manual clock: nothing is answered
     * before the bound, the 409 at the bound; then on until the blocked open was freed.
     */
    private void awaitFreed(Response held, Path fifo) throws IOException {
        for (int i = 0; i < 10_000_000 && (share.folder.guard().inProgress() == 0 || !isFifo(fifo)); i++) {
            Thread.yield();
        }
        share.timer.advance(OpenGuard.BOUND.minus(OpenGuard.CHECK_EVERY));
        assertFalse(Answers.ready(held), "the open is waited for up to the bound");
        share.timer.advance(OpenGuard.CHECK_EVERY);
        assertTrue(Answers.ready(held), "answered at the bound");
        for (int i = 0; i < 100_000 && share.folder.guard().inProgress() > 0; i++) {
            share.timer.advance(OpenGuard.CHECK_EVERY);
            Thread.yield();
        }
    }

    private static boolean isFifo(Path file) throws IOException {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    private static void swapInAFifo(Path file) {
        try {
            Files.deleteIfExists(file);
            assumeMkfifo(file);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assumeMkfifo(Path file) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).start();
        Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available");
    }
}
