package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WatchLoop} on a manual clock, against a local folder playing the server and a change feed
 * whose answers the test gives: what it waits for, how long, and what it runs when.
 */
class WatchLoopTest {

    private static final long MS = 1_000_000;

    @TempDir
    Path temp;
    Path server;
    Path local;
    final ManualTime time = new ManualTime();
    final Heard heard = new Heard();
    final FakeFeed feed = new FakeFeed();
    final AtomicInteger opened = new AtomicInteger();
    final AtomicReference<Throwable> ended = new AtomicReference<>();
    WatchLoop loop;
    Thread thread;

    @BeforeEach
    void folders() throws IOException {
        server = Files.createDirectory(temp.resolve("server"));
        Files.createDirectory(temp.resolve("staging"));
        local = Files.createDirectory(temp.resolve("local"));
    }

    @AfterEach
    void stopLoop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            thread.join(10_000);
            assertFalse(thread.isAlive(), "the loop ended once stopped");
        }
    }

    private WatchSession session(boolean readOnly, ChangeFeed changes) {
        opened.incrementAndGet();
        return new WatchSession(new LocalFolderRemote(server, temp.resolve("staging"), 1024, 100).readOnly(readOnly),
                changes);
    }

    private void start(WatchLoop.Mode mode, WatchSession.Opener opener, WatchOptions options) {
        loop = new WatchLoop(opener, local, mode, SyncOptions.defaults(), options, heard, time, time, false);
        thread = new Thread(() -> {
            try {
                loop.run();
            } catch (Throwable e) {
                ended.set(e);
            }
        }, "watch-loop-test");
        thread.start();
    }

    private void awaitEnd() throws InterruptedException {
        thread.join(10_000);
        assertFalse(thread.isAlive(), "the loop ended");
        loop = null;
    }

    @Test
    void aServerThatCannotBeReachedIsTriedAgainAfterDoublingWaitsUpToTheCapAndSaidOnce() throws Exception {
        start(WatchLoop.Mode.PULL, () -> {
            opened.incrementAndGet();
            throw new IOException("cannot connect to 127.0.0.1:8888: Connection refused");
        }, WatchOptions.defaults().withRetryMillis(500, 2000));

        for (long wait : new long[] {500, 1000, 2000, 2000, 2000}) {
            assertEquals(wait * MS, time.nextWait());
            time.advance(wait * MS);
        }
        time.nextWait();
        loop.stop();
        awaitEnd();

        assertEquals(6, opened.get());
        assertEquals(List.of("CONNECTING connecting",
                "RECONNECTING cannot connect to 127.0.0.1:8888: Connection refused", "STOPPED stopped"), heard.states());
        assertNull(ended.get());
    }

    @Test
    void aPullRunsAtOnceForEachAnswerWithChangesAndNotForAnEmptyOne() throws Exception {
        Files.writeString(server.resolve("a.txt"), "alpha");
        start(WatchLoop.Mode.PULL, () -> session(false, feed), WatchOptions.defaults());

        feed.next(0, 0).complete(new ChangeFeed.Answer("i1", 5, 1));
        assertEquals(1, heard.nextSync().copied());
        feed.next(5, 60_000).complete(new ChangeFeed.Answer("i1", 5, 0));
        Files.writeString(server.resolve("b.txt"), "bravo");
        feed.next(5, 60_000).complete(new ChangeFeed.Answer("i1", 7, 1));
        assertEquals(1, heard.nextSync().copied());
        assertEquals("bravo", Files.readString(local.resolve("b.txt")));
        // A rebuilt index numbers from the start again: a pull, whatever the answer holds.
        feed.next(7, 60_000).complete(new ChangeFeed.Answer("i2", 2, 0));
        assertEquals(0, heard.nextSync().copied());
        feed.next(2, 60_000);

        assertEquals(3, heard.syncs(), "no pull for the empty answer");
        assertEquals(1, opened.get());
    }

    @Test
    void aStopEndsAHeldPollAtOnce() throws Exception {
        start(WatchLoop.Mode.PULL, () -> session(false, feed), WatchOptions.defaults());
        feed.next(0, 0).complete(new ChangeFeed.Answer("i1", 0, 0));
        heard.nextSync();
        CompletableFuture<ChangeFeed.Answer> held = feed.next(0, 60_000);

        loop.stop();
        awaitEnd();

        assertFalse(held.isDone());
        assertNull(ended.get());
        assertEquals("STOPPED stopped", heard.states().get(heard.states().size() - 1));
    }

    @Test
    void aBrokenConnectionIsReconnectedAndAFullRoundRuns() throws Exception {
        start(WatchLoop.Mode.PULL, () -> session(false, feed), WatchOptions.defaults());
        feed.next(0, 0).complete(new ChangeFeed.Answer("i1", 3, 0));
        heard.nextSync();

        feed.next(3, 60_000).completeExceptionally(new IOException("the connection was reset"));
        assertEquals(500 * MS, time.nextWait());
        Files.writeString(server.resolve("c.txt"), "charlie");
        time.advance(500 * MS);
        feed.next(0, 0).complete(new ChangeFeed.Answer("i1", 4, 1));

        assertEquals(1, heard.nextSync().copied());
        assertEquals(2, opened.get());
        assertTrue(heard.states().contains("RECONNECTING the connection was reset"), heard.states().toString());
    }

    @Test
    void aPushWaitsUntilTheFolderWasLeftAloneForTheQuietPeriod() throws Exception {
        start(WatchLoop.Mode.PUSH, () -> session(false, null), WatchOptions.defaults().withQuietMillis(100));
        heard.nextSync();
        assertEquals(60_000 * MS, time.nextWait(), "idle: until the heartbeat");

        Files.writeString(local.resolve("new.txt"), "november");
        loop.localChange();
        assertEquals(100 * MS, time.nextWait());
        time.advance(60 * MS);
        loop.localChange();
        assertEquals(100 * MS, time.nextWait(), "a second change starts the period again");
        assertFalse(Files.exists(server.resolve("new.txt")));
        time.advance(100 * MS);

        assertEquals(1, heard.nextSync().copied());
        assertEquals("november", Files.readString(server.resolve("new.txt")));
    }

    @Test
    void bothWaysTheLongPollIsShortAndShorterStillWhileALocalChangeSettles() throws Exception {
        start(WatchLoop.Mode.SYNC, () -> session(false, feed), WatchOptions.defaults().withQuietMillis(100));
        feed.next(0, 0).complete(new ChangeFeed.Answer("i1", 0, 0));
        heard.nextSync();
        heard.nextSync();
        CompletableFuture<ChangeFeed.Answer> held = feed.next(0, 1000);

        Files.writeString(local.resolve("mine.txt"), "mike");
        loop.localChange();
        held.complete(new ChangeFeed.Answer("i1", 0, 0));
        CompletableFuture<ChangeFeed.Answer> shorter = feed.next(0, 100);
        time.advance(100 * MS);
        shorter.complete(new ChangeFeed.Answer("i1", 0, 0));

        SyncSummary pushed = heard.nextSync();
        assertEquals(1, pushed.copied());
        assertEquals("mike", Files.readString(server.resolve("mine.txt")));
        feed.next(0, 1000);
    }

    @Test
    void aReadOnlyServerEndsAPushWatch() throws Exception {
        Files.writeString(local.resolve("a.txt"), "alpha");
        start(WatchLoop.Mode.PUSH, () -> session(true, null), WatchOptions.defaults());

        awaitEnd();

        assertInstanceOf(ReadOnlyFolderException.class, ended.get());
    }

    @Test
    void aPullWatchNeedsAChangeFeed() throws Exception {
        start(WatchLoop.Mode.PULL, () -> session(false, null), WatchOptions.defaults());

        awaitEnd();

        assertInstanceOf(NoChangeFeedException.class, ended.get());
    }

    @Test
    void aPushWatchGoesOnWithoutAChangeFeedAndSkipsTheHeartbeat() throws Exception {
        Files.writeString(local.resolve("a.txt"), "alpha");
        start(WatchLoop.Mode.PUSH, () -> session(false, feed), WatchOptions.defaults());
        feed.next(0, 0).completeExceptionally(new NoChangeFeedException("the server has no change feed"));

        assertEquals(1, heard.nextSync().copied());
        assertEquals(60_000 * MS, time.nextWait(), "idle: until the heartbeat");
        time.advance(60_000 * MS);
        assertEquals(60_000 * MS, time.nextWait(), "idle again, without asking the feed");

        assertTrue(feed.untouched(), "no heartbeat on a server without a change feed");
        assertNull(ended.get());
        assertEquals(1, opened.get());
    }

    /** A change feed whose answers the test gives, one call at a time. */
    static final class FakeFeed implements ChangeFeed {
        record Call(long since, long waitMillis, CompletableFuture<Answer> answer) {
        }

        private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();

        @Override
        public CompletableFuture<Answer> changes(long since, long waitMillis) {
            CompletableFuture<Answer> answer = new CompletableFuture<>();
            calls.add(new Call(since, waitMillis, answer));
            return answer;
        }

        /** @return whether no call is waiting for an answer from the test */
        boolean untouched() {
            return calls.isEmpty();
        }

        /** @return the answer of the next call, after checking that it asks this */
        CompletableFuture<Answer> next(long since, long waitMillis) throws InterruptedException {
            Call call = calls.poll(10, TimeUnit.SECONDS);
            assertNotNull(call, "the loop asked the feed nothing within 10 s");
            assertEquals(since + " " + waitMillis, call.since() + " " + call.waitMillis());
            return call.answer();
        }
    }

    /** What the listener heard. */
    static final class Heard implements WatchListener {
        private final List<String> states = new ArrayList<>();
        private final BlockingQueue<SyncSummary> syncs = new LinkedBlockingQueue<>();
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public synchronized void state(WatchState state, String detail) {
            if (state != WatchState.SYNCING && state != WatchState.WATCHING) {
                states.add(state + " " + detail);
            }
        }

        @Override
        public void synced(boolean push, SyncSummary summary) {
            count.incrementAndGet();
            syncs.add(summary);
        }

        synchronized List<String> states() {
            return new ArrayList<>(states);
        }

        SyncSummary nextSync() throws InterruptedException {
            SyncSummary summary = syncs.poll(10, TimeUnit.SECONDS);
            assertNotNull(summary, "no pull or push ended within 10 s");
            return summary;
        }

        int syncs() {
            return count.get();
        }
    }
}
