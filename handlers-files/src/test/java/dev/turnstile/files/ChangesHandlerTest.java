package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Response;
import dev.turnstile.testing.Answers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /changes} (SPEC §8) on a shared folder whose index the test keeps current as the watcher
 * would, on the manual timer: what changed after {@code since}, in sequence order, paged by
 * {@code limit}; a long poll held until a change or the end of its wait; and what a client from
 * another history is told.
 */
class ChangesHandlerTest {

    @TempDir
    Path temp;

    private TestFolder share;

    @BeforeEach
    void open() throws Exception {
        share = new TestFolder(temp, true);
    }

    @AfterEach
    void close() {
        share.close();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> changes(Map<String, ?> answer) {
        return (List<Map<String, Object>>) answer.get("changes");
    }

    private static List<Object> paths(Map<String, ?> answer) {
        return changes(answer).stream().map(change -> change.get("path")).toList();
    }

    @Test
    void everyChangeAfterSinceComesInSequenceOrderInItsCurrentState() throws Exception {
        share.write("/a.txt", "a");
        share.write("/b.txt", "b");
        share.write("/a.txt", "a, again");
        Files.delete(share.root.resolve("b.txt"));
        share.changed("/b.txt");

        Map<String, ?> all = share.ok("/changes", "since", 0L);

        assertEquals(share.folder.index().id(), all.get("index"));
        assertEquals(4L, all.get("seq"));
        assertEquals(false, all.get("more"));
        List<Map<String, Object>> entries = changes(all);
        assertEquals(2, entries.size(), "one entry a path: its current state");
        assertEquals(Map.of("path", "/a.txt", "seq", 3L, "size", 8L, "mtime",
                Files.getLastModifiedTime(share.root.resolve("a.txt")).toMillis(), "sha256", TestFolder.sha256("a, again"),
                "mode", TestFolder.mode(share.root.resolve("a.txt"))), entries.get(0));
        assertEquals(Map.of("path", "/b.txt", "seq", 4L, "deleted", true), entries.get(1));
        assertEquals(List.of("/b.txt"), paths(share.ok("/changes", "since", 3L)));
        assertEquals(List.of(), paths(share.ok("/changes", "since", 4L)));
    }

    @Test
    void aLimitPagesTheChangesAndMoreSaysToAskAgainFromTheLastSeqGiven() throws Exception {
        for (int i = 0; i < 5; i++) {
            share.write("/f" + i, "x");
        }

        Map<String, ?> first = share.ok("/changes", "since", 0L, "limit", 2L);
        long last = (Long) changes(first).get(1).get("seq");
        Map<String, ?> second = share.ok("/changes", "since", last, "limit", 2L);
        Map<String, ?> third = share.ok("/changes", "since", (Long) changes(second).get(1).get("seq"), "limit", 2L);

        assertEquals(List.of("/f0", "/f1"), paths(first));
        assertEquals(true, first.get("more"));
        assertEquals(List.of("/f2", "/f3"), paths(second));
        assertEquals(List.of("/f4"), paths(third));
        assertEquals(false, third.get("more"));
    }

    @Test
    void aLongPollIsHeldUntilAChangeAndThenAnsweredWithIt() throws Exception {
        share.write("/a.txt", "a");
        long seq = share.folder.index().seq();
        int timers = share.timer.pending();

        Response held = share.call("/changes", "since", seq, "wait", 30_000L);
        assertFalse(Answers.ready(held), "nothing newer: held");
        share.timer.advance(Duration.ofSeconds(29));
        assertFalse(Answers.ready(held));
        share.write("/b.txt", "b");

        assertTrue(Answers.ready(held), "answered by the change, before the wait ended");
        assertEquals(List.of("/b.txt"), paths(Answers.of(held).body()));
        assertEquals(timers, share.timer.pending(), "the wait's timer is dropped");
    }

    @Test
    void aLongPollWithoutFoldersIsNotEndedByAFolderAlone() throws Exception {
        Response held = share.call("/changes", "since", 0L, "wait", 30_000L);
        Files.createDirectories(share.root.resolve("empty"));
        share.changed("/empty");
        assertFalse(Answers.ready(held), "a folder is not what the poll asked for");

        share.write("/a.txt", "a");

        assertEquals(List.of("/a.txt"), paths(Answers.of(held).body()));
        assertEquals(2L, Answers.of(held).body().get("seq"));
    }

    @Test
    void aLongPollFromBeforeAFolderItDidNotAskForWaitsToo() throws Exception {
        Files.createDirectories(share.root.resolve("empty"));
        share.changed("/empty");

        Response held = share.call("/changes", "since", 0L, "wait", 30_000L);
        assertFalse(Answers.ready(held), "only a folder is newer: nothing the poll asked for");
        share.write("/a.txt", "a");

        assertEquals(List.of("/a.txt"), paths(Answers.of(held).body()));
    }

    @Test
    void aLongPollWithNothingNewIsAnsweredEmptyWhenItsWaitEnds() throws Exception {
        Response held = share.call("/changes", "since", 0L, "wait", 5_000L);
        share.timer.advance(Duration.ofMillis(4_999));
        assertFalse(Answers.ready(held));

        share.timer.advance(Duration.ofMillis(1));

        assertEquals(List.of(), paths(Answers.of(held).body()));
        assertEquals(0L, Answers.of(held).body().get("seq"));
    }

    @Test
    void aWaitIsCappedAtAMinute() throws Exception {
        Response held = share.call("/changes", "since", 0L, "wait", 3_600_000L);

        share.timer.advance(Duration.ofMinutes(1));

        assertTrue(Answers.ready(held));
    }

    @Test
    void aServerThatStopsAnswersAHeldPollAtOnce() throws Exception {
        Response held = share.call("/changes", "since", 0L, "wait", 60_000L);

        share.timer.fireAll(); // what the server does when it begins to stop

        assertEquals(List.of(), paths(Answers.of(held).body()));
    }

    @Test
    void aSinceAboveTheIndexsSeqOrAnotherIndexIdAsksTheClientToListEverythingAgain() throws Exception {
        share.write("/a.txt", "a");

        Map<String, ?> ahead = share.ok("/changes", "since", 99L, "wait", 60_000L);
        Map<String, ?> other = share.ok("/changes", "since", 0L, "index", "another-index");

        for (Map<String, ?> answer : List.of(ahead, other)) {
            assertEquals(true, answer.get("relist"));
            assertEquals(List.of(), paths(answer));
            assertEquals(share.folder.index().id(), answer.get("index"));
            assertEquals(1L, answer.get("seq"));
        }
        assertFalse(share.ok("/changes", "since", 0L, "index", share.folder.index().id()).containsKey("relist"));
    }

    @Test
    void foldersComeOnlyWhenAskedAndTheirRemovalToo() throws Exception {
        Files.createDirectories(share.root.resolve("empty"));
        share.changed("/empty");
        share.write("/docs/a.txt", "a");

        assertEquals(List.of("/docs/a.txt"), paths(share.ok("/changes", "since", 0L)));
        Map<String, ?> withFolders = share.ok("/changes", "since", 0L, "folders", true);
        assertEquals(List.of("/empty", "/docs", "/docs/a.txt"), paths(withFolders));
        assertEquals(true, changes(withFolders).get(0).get("folder"));
        assertEquals(TestFolder.mode(share.root.resolve("empty")), changes(withFolders).get(0).get("mode"));

        long seq = share.folder.index().seq();
        Files.delete(share.root.resolve("docs/a.txt"));
        Files.delete(share.root.resolve("docs"));
        share.changed("/docs");

        assertEquals(List.of(Map.of("path", "/docs/a.txt", "seq", seq + 1, "deleted", true),
                Map.of("path", "/docs", "seq", seq + 2, "folder", true, "deleted", true)),
                changes(share.ok("/changes", "since", seq, "folders", true)), "emptied, then removed");
    }

    @Test
    void badMembersAre400() {
        for (Object[] request : List.of(new Object[] {"since", -1L}, new Object[] {"since", "0"},
                new Object[] {"limit", 0L}, new Object[] {"wait", -5L}, new Object[] {"index", 7L},
                new Object[] {"folders", "yes"})) {
            HandlerException refusal = assertThrows(HandlerException.class, () -> share.call("/changes", request));
            assertEquals(400, refusal.code(), List.of(request).toString());
        }
    }
}
