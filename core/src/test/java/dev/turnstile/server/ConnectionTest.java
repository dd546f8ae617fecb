package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.RouteTable;
import dev.turnstile.route.Router;
import dev.turnstile.server.Connection.State;
import dev.turnstile.spi.Response;
import dev.turnstile.testing.TestHandlers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Timeouts, later answers, backpressure, half-close and linger of one connection, on a clock the
 * test moves and a transport in memory, as {@link ConnectionTimerTest} does for the timer.
 */
class ConnectionTest {

    private final ManualClock clock = new ManualClock();
    private final FakeTransport client = new FakeTransport();
    private final TestHandlers.Later later = new TestHandlers.Later();
    /** The server's timer on the test's clock, fired by the test as the loop would. */
    private final LoopTimer timer = new LoopTimer(clock, () -> { });
    /** The loop's selector wake-ups the connection asked for. */
    private final AtomicInteger wakeUps = new AtomicInteger();
    private Connection connection;

    private Connection open(ServerConfig config) throws Exception {
        Router router = new Router(RouteTable.of(new TestHandlers.Login(), new TestHandlers.Ping(),
                new TestHandlers.Echo(), new TestHandlers.Delay(timer), later));
        connection = new Connection(client, new InetSocketAddress("127.0.0.1", 40000), config, router, clock.now(),
                wakeUps::incrementAndGet);
        return connection;
    }

    private static ServerConfig config() {
        return ServerConfig.defaults().withIdleTimeout(Duration.ofSeconds(300)).withLoginTimeout(Duration.ofSeconds(10));
    }

    /** What the loop does when the socket is readable: one read, then serve. */
    private String exchange(String text) throws IOException {
        client.send(text);
        while (client.hasUnread() && connection.state() != State.CLOSED) {
            connection.onReadable(clock.now());
        }
        return client.takeWritten();
    }

    /** What the loop does on every turn: fire the due timers, then let the connection look at its own. */
    private void tick() throws IOException {
        timer.fireDue(clock.now());
        connection.checkTimers(clock.now());
    }

    private String login() throws IOException {
        String line = exchange("{\"url\":\"/login\"}\n");
        return line.substring(line.indexOf(":\"") + 2, line.lastIndexOf('"'));
    }

    @Test
    void anIdleClientIsSent408AtItsDeadlineThenLingersUntilItCloses() throws Exception {
        open(config());
        login();
        assertEquals(clock.now() + Duration.ofSeconds(300).toNanos(), connection.deadline());

        clock.advance(Duration.ofSeconds(299));
        tick();
        assertEquals("", client.takeWritten(), "not a nanosecond early");
        clock.advance(Duration.ofSeconds(1));
        tick();

        assertEquals("{\"code\":408,\"error\":\"no request for 300 seconds; closing the connection\"}\n",
                client.takeWritten());
        assertEquals(State.LINGERING, connection.state());
        assertTrue(client.outputShut);
        client.endInput();
        connection.onReadable(clock.now());
        assertEquals(State.CLOSED, connection.state());
    }

    @Test
    void everyRequestMovesTheIdleDeadline() throws Exception {
        open(config());
        String token = login();
        clock.advance(Duration.ofSeconds(200));
        exchange("{\"url\":\"/ping\",\"token\":\"" + token + "\"}");
        clock.advance(Duration.ofSeconds(200));
        tick();
        assertEquals(State.OPEN, connection.state());
        assertEquals(clock.now() + Duration.ofSeconds(100).toNanos(), connection.deadline());
    }

    @Test
    void aClientThatDoesNotLogInInTimeIsSent408EvenIfItKeepsSendingRequests() throws Exception {
        open(config());
        clock.advance(Duration.ofSeconds(9));
        assertTrue(exchange("{\"url\":\"/ping\"}").startsWith("{\"code\":401,"));
        clock.advance(Duration.ofSeconds(1));
        tick();

        assertEquals("{\"code\":408,\"error\":\"not logged in within 10 seconds; closing the connection\"}\n",
                client.takeWritten());
        assertEquals(State.LINGERING, connection.state());
    }

    @Test
    void loggingInLiftsTheLoginDeadline() throws Exception {
        open(config());
        login();
        clock.advance(Duration.ofSeconds(11));
        tick();
        assertEquals("", client.takeWritten());
        assertEquals(State.OPEN, connection.state());
    }

    @Test
    void whileAnAnswerIsHeldNothingIsReadAndTheTimeoutsWait() throws Exception {
        open(ServerConfig.defaults().withIdleTimeout(Duration.ofSeconds(1)).withLoginTimeout(Duration.ofSeconds(1)));
        assertEquals("", exchange("{\"url\":\"/delay\",\"ms\":3000}"));
        assertEquals(State.HELD, connection.state());
        assertEquals(0, connection.interest() & SelectionKey.OP_READ);
        assertEquals(Long.MAX_VALUE, connection.deadline(), "the connection waits for no deadline of its own");
        assertEquals(clock.now() + Duration.ofSeconds(3).toNanos(), timer.nextDeadline());

        clock.advance(Duration.ofSeconds(2));
        tick();
        assertEquals("", client.takeWritten(), "the timeouts wait while the client waits for the server");
        clock.advance(Duration.ofSeconds(1));
        tick();

        assertEquals("{\"code\":401,\"error\":\"held for 3000 ms\"}\n", client.takeWritten());
        assertEquals(State.OPEN, connection.state());
        assertEquals(SelectionKey.OP_READ, connection.interest());
    }

    @Test
    void aLaterAnswerIsWrittenWhenItsStageCompletesWithoutTheClockMovingAndLaterRequestsKeepTheirOrder()
            throws Exception {
        open(config());
        String token = login();
        assertEquals("", exchange("{\"url\":\"/later\",\"token\":\"" + token + "\",\"job\":\"a\",\"id\":1}"
                + "{\"url\":\"/ping\",\"token\":\"" + token + "\",\"id\":2}"));
        assertEquals(State.HELD, connection.state());
        assertEquals(Long.MAX_VALUE, connection.deadline());
        tick();
        assertEquals("", client.takeWritten());

        Thread background = new Thread(() -> later.job("a").complete(Response.ok("done", true)));
        background.start();
        background.join();
        assertEquals(1, wakeUps.get());
        tick();

        assertEquals("{\"code\":200,\"id\":1,\"done\":true}\n{\"code\":200,\"id\":2,\"pong\":true}\n",
                client.takeWritten());
        assertEquals(State.OPEN, connection.state());
    }

    @Test
    void aCompletionAfterItsConnectionClosedOnlyWakesTheLoop() throws Exception {
        open(config());
        String token = login();
        exchange("{\"url\":\"/later\",\"token\":\"" + token + "\",\"job\":\"a\"}");
        connection.close();

        later.job("a").complete(Response.ok("late", true));

        assertEquals(1, wakeUps.get());
        tick();
        assertEquals("", client.takeWritten());
        assertEquals(1, later.calls());
        assertEquals(State.CLOSED, connection.state());
        assertEquals(Long.MAX_VALUE, connection.deadline());
    }

    @Test
    void aClientThatDoesNotReadStopsBeingReadAtTheOutputLimitAndTheBuffersStayBounded() throws Exception {
        int maxPending = 64 * 1024;
        open(config().withMaxPendingBytes(maxPending));
        String token = login();
        client.room(0);
        String echo = "{\"url\":\"/echo\",\"token\":\"" + token + "\",\"data\":\"" + "e".repeat(1000) + "\"}\n";
        int count = 2_000;
        for (int i = 0; i < count; i++) {
            client.send(echo);
        }
        long peak = 0;
        for (int i = 0; i < 10_000 && (connection.interest() & SelectionKey.OP_READ) != 0; i++) {
            connection.onReadable(clock.now());
            peak = Math.max(peak, connection.bufferedCapacity());
        }

        assertEquals(0, connection.interest() & SelectionKey.OP_READ, "reading stopped");
        assertTrue(client.hasUnread(), "the rest waits in the client's socket");
        assertTrue(client.bytesRead < (long) count * echo.length() / 2, "read " + client.bytesRead);
        long bound = 2L * maxPending + 2 * 16 * 1024;
        assertTrue(peak <= bound, "buffers peaked at " + peak + " bytes, bound " + bound);

        client.room(Long.MAX_VALUE);
        int answered = 0;
        for (int i = 0; i < 100_000 && answered < count; i++) {
            if ((connection.interest() & SelectionKey.OP_WRITE) != 0) {
                connection.onWritable(clock.now());
            } else {
                connection.onReadable(clock.now());
            }
            answered += client.takeWritten().split("\n", -1).length - 1;
            peak = Math.max(peak, connection.bufferedCapacity());
        }
        assertEquals(count, answered);
        assertTrue(peak <= bound, "buffers peaked at " + peak + " bytes, bound " + bound);
    }

    @Test
    void requestsBufferedBehindTheOutputLimitAreAnsweredOnceTheOutputDrainsWithoutAnotherSocketEvent() throws Exception {
        open(config().withMaxPendingBytes(4096));
        String token = login();
        String echo = "{\"url\":\"/echo\",\"token\":\"" + token + "\",\"data\":\"" + "e".repeat(2_400) + "\"}\n";
        // Six requests in one read: their answers pass the limit after two, and the client takes
        // every byte the server writes, so no write event and no new input will come.
        client.send(echo.repeat(6));

        // What the loop does: a read event while the socket holds input and reading is wanted, a
        // write event while bytes wait; nothing else.
        for (int i = 0; i < 100; i++) {
            if (client.hasUnread() && (connection.interest() & SelectionKey.OP_READ) != 0) {
                connection.onReadable(clock.now());
            } else if ((connection.interest() & SelectionKey.OP_WRITE) != 0) {
                connection.onWritable(clock.now());
            }
        }

        assertEquals(6, client.takeWritten().split("\n", -1).length - 1, "every buffered request is answered");
    }

    @Test
    void aPipelinedBatchAsLargeAsTheLastIsWrittenInTwoHalvesSoTheClientCanReadTheFirstSooner() throws Exception {
        open(config());
        String ping = "{\"url\":\"/ping\",\"token\":\"" + login() + "\"}\n";
        int answer = exchange(ping).length();

        client.writes.clear();
        exchange(ping.repeat(64));
        assertEquals(List.of(64 * answer), client.writes, "a first large batch: nothing to go by, one write");

        client.writes.clear();
        String answers = exchange(ping.repeat(64));
        assertEquals(64, answers.split("\n", -1).length - 1, "every request is answered, in one read event");
        assertEquals(List.of(32 * answer, 32 * answer), client.writes, "the same size again: two halves");

        client.writes.clear();
        exchange(ping.repeat(20));
        exchange(ping.repeat(20));
        assertEquals(List.of(20 * answer, 20 * answer), client.writes,
                "batches under twice the smallest slice are never cut");
    }

    @Test
    void afterAHalfCloseEveryCompleteRequestIsAnsweredThenTheConnectionClosesWithoutLingering() throws Exception {
        open(config());
        String token = login();
        String ping = "{\"url\":\"/ping\",\"token\":\"" + token + "\"}";
        client.send(ping + ping + "{\"url\":").endInput();
        for (int i = 0; i < 10 && connection.state() != State.CLOSED; i++) {
            connection.onReadable(clock.now());
        }

        assertEquals("{\"code\":200,\"pong\":true}\n{\"code\":200,\"pong\":true}\n"
                + "{\"code\":400,\"error\":\"the connection was closed before the request was complete\"}\n",
                client.takeWritten());
        assertEquals(State.CLOSED, connection.state());
        assertFalse(client.outputShut);
        assertTrue(client.closed);
    }

    @Test
    void aRequestOverTheLimitIsAnswered413ThenTheConnectionLingersForTwoSeconds() throws Exception {
        open(config().withMaxRequestBytes(1000));
        String token = login();
        String out = exchange("{\"url\":\"/echo\",\"token\":\"" + token + "\",\"data\":\"" + "x".repeat(2000) + "\"}");

        assertEquals("{\"code\":413,\"error\":\"request larger than 1000 bytes; closing the connection\"}\n", out);
        assertEquals(State.LINGERING, connection.state());
        assertEquals(clock.now() + Duration.ofSeconds(2).toNanos(), connection.deadline());
        clock.advance(Duration.ofMillis(1999));
        tick();
        assertEquals(State.LINGERING, connection.state());
        clock.advance(Duration.ofMillis(1));
        tick();
        assertEquals(State.CLOSED, connection.state());
    }

    @Test
    void stoppingFiresTheTimersSoADelayedAnswerGoesOutAtOnceThenCloses() throws Exception {
        open(config());
        exchange("{\"url\":\"/delay\",\"ms\":60000}");
        assertEquals(State.HELD, connection.state());

        timer.fireAll();
        connection.stop(clock.now());

        assertEquals("{\"code\":401,\"error\":\"held for 60000 ms\"}\n", client.takeWritten());
        assertEquals(State.CLOSED, connection.state());
    }

    @Test
    void stoppingClosesALingeringConnectionWithoutWaitingOutTheLinger() throws Exception {
        open(config().withMaxRequestBytes(1000));
        login();
        exchange("{\"url\":\"/echo\",\"data\":\"" + "x".repeat(2000) + "\"}");
        assertEquals(State.LINGERING, connection.state());

        connection.stop(clock.now());

        assertEquals(State.CLOSED, connection.state());
    }
}
