package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.RouteTable;
import dev.turnstile.route.Router;
import dev.turnstile.startup.StartupException;
import dev.turnstile.testing.TestHandlers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The request path without a socket: bytes in, lines out, on a clock the test moves. */
class RequestPipelineTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final long MS = 1_000_000L;

    private final TestHandlers.Issuer issuer = new TestHandlers.Issuer();
    private final TestHandlers.Await await = new TestHandlers.Await();
    /** How often the pipeline asked its owner to look again: the loop's selector wake-ups. */
    private final AtomicInteger wakeUps = new AtomicInteger();
    private long now = -3_000 * MS;

    private static RequestPipeline pipeline(Router router) {
        return new RequestPipeline(router, 1024 * 1024, 4 * 1024 * 1024, CLIENT);
    }

    private static Router router() throws StartupException {
        return new Router(RouteTable.of(new TestHandlers.Login(), new TestHandlers.Ping(), new TestHandlers.Echo(),
                new TestHandlers.Delay(), new TestHandlers.Retry(), new TestHandlers.Grab()));
    }

    private void send(RequestPipeline pipeline, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int offset = 0;
        while (offset < bytes.length && !pipeline.ended()) {
            offset += pipeline.append(bytes, offset, bytes.length - offset);
            pipeline.serve(now);
        }
    }

    private static String written(RequestPipeline pipeline) throws IOException {
        FakeTransport sink = new FakeTransport();
        while (pipeline.writeTo(sink) > 0) {
            // take all that may go
        }
        return sink.takeWritten();
    }

    private String login(RequestPipeline pipeline) throws IOException {
        send(pipeline, "{\"url\":\"/login\"}");
        String line = written(pipeline);
        assertTrue(line.startsWith("{\"code\":200,\"token\":\""), line);
        return line.substring(line.indexOf(":\"") + 2, line.lastIndexOf('"'));
    }

    @Test
    void aRetryWritesNothingHoldsLaterRequestsAndRoutesTheSameRequestAgainAtItsDeadline() throws Exception {
        RequestPipeline pipeline = pipeline(router());
        String token = login(pipeline);
        send(pipeline, "{\"url\":\"/retry\",\"token\":\"" + token + "\",\"calls\":3,\"ms\":10,\"id\":1}"
                + "{\"url\":\"/ping\",\"token\":\"" + token + "\",\"id\":2}");

        assertEquals("", written(pipeline), "nothing for the retried request, nothing for the one after it");
        assertTrue(pipeline.waiting());
        assertFalse(pipeline.wantsInput(), "no reading while a request waits");
        assertEquals(now + 10 * MS, pipeline.deadline());

        pipeline.wake(now + 9 * MS);
        assertEquals("", written(pipeline), "not before the deadline");
        now += 10 * MS;
        pipeline.wake(now);
        assertEquals("", written(pipeline), "the handler asked again");
        assertEquals(now + 10 * MS, pipeline.deadline());
        now += 10 * MS;
        pipeline.wake(now);

        assertEquals("{\"code\":200,\"id\":1,\"calls\":3}\n{\"code\":200,\"id\":2,\"pong\":true}\n", written(pipeline));
        assertFalse(pipeline.waiting());
        assertTrue(pipeline.wantsInput());
        assertEquals(Long.MAX_VALUE, pipeline.deadline());
    }

    /** A pipeline with {@code /await}, whose wake-ups the test counts. */
    private RequestPipeline awaiting() throws StartupException {
        return new RequestPipeline(new Router(RouteTable.of(new TestHandlers.Login(), new TestHandlers.Ping(), await)),
                1024 * 1024, 4 * 1024 * 1024, CLIENT, wakeUps::incrementAndGet);
    }

    /** Completes a job on a thread of its own, as a plugin's background thread would. */
    private void completeElsewhere(String job) throws InterruptedException {
        Thread background = new Thread(() -> await.job(job).complete("done"));
        background.start();
        background.join();
    }

    @Test
    void aRetryOnWorkIsRoutedAgainWhenTheWorkCompletesNotAtItsDeadline() throws Exception {
        RequestPipeline pipeline = awaiting();
        String token = login(pipeline);
        send(pipeline, "{\"url\":\"/await\",\"token\":\"" + token + "\",\"job\":\"a\",\"ms\":1000,\"id\":1}"
                + "{\"url\":\"/ping\",\"token\":\"" + token + "\",\"id\":2}");
        assertEquals("", written(pipeline));
        assertEquals(now + 1000 * MS, pipeline.deadline());
        assertFalse(pipeline.wakeDue(now + 999 * MS));
        pipeline.wake(now + 999 * MS);
        assertEquals("", written(pipeline), "the work is not done and the deadline has not come");

        completeElsewhere("a");

        assertEquals(1, wakeUps.get(), "the completion wakes the loop");
        assertTrue(pipeline.retryWorkDone());
        assertTrue(pipeline.wakeDue(now), "due at once, 1 s before the deadline");
        pipeline.wake(now + MS);
        assertEquals("{\"code\":200,\"id\":1,\"job\":\"a\",\"calls\":2}\n{\"code\":200,\"id\":2,\"pong\":true}\n",
                written(pipeline));
        assertEquals(2, await.calls());
        assertFalse(pipeline.waiting());
        assertFalse(pipeline.retryWorkDone());
    }

    @Test
    void workDoneBeforeTheServerLooksIsRetriedAtTheNextWakeNotWithinTheSameServe() throws Exception {
        RequestPipeline pipeline = awaiting();
        String token = login(pipeline);
        await.job("a").complete("early");

        send(pipeline, "{\"url\":\"/await\",\"token\":\"" + token + "\",\"job\":\"a\",\"id\":1}");

        assertEquals("", written(pipeline));
        assertEquals(1, await.calls(), "not routed again from inside the call that got the retry");
        assertTrue(pipeline.retryWorkDone(), "so the loop does not sleep");
        assertEquals(1, wakeUps.get());
        pipeline.wake(now);
        assertEquals("{\"code\":200,\"id\":1,\"job\":\"a\",\"calls\":2}\n", written(pipeline));
    }

    @Test
    void atItsDeadlineARetryOnWorkThatIsStillRunningWaitsForItAgainAndItsCompletionAnswersOnce() throws Exception {
        RequestPipeline pipeline = awaiting();
        String token = login(pipeline);
        send(pipeline, "{\"url\":\"/await\",\"token\":\"" + token + "\",\"job\":\"a\",\"ms\":10,\"id\":1}");
        now += 10 * MS;
        pipeline.wake(now);
        assertEquals("", written(pipeline));
        assertEquals(2, await.calls());
        assertEquals(now + 10 * MS, pipeline.deadline(), "a new wait, on the same work");

        completeElsewhere("a");

        assertEquals(2, wakeUps.get(), "one per wait registered on the work; a spurious one costs a loop turn");
        pipeline.wake(now);
        assertEquals("{\"code\":200,\"id\":1,\"job\":\"a\",\"calls\":3}\n", written(pipeline));
        pipeline.wake(now + 10 * MS);
        assertEquals(3, await.calls(), "answered once");
        assertEquals("", written(pipeline));
    }

    @Test
    void workThatCompletesAfterItsRequestWasAnsweredDoesNotReleaseTheNextRetry() throws Exception {
        RequestPipeline pipeline = awaiting();
        String token = login(pipeline);
        send(pipeline, "{\"url\":\"/await\",\"token\":\"" + token + "\",\"job\":\"a\",\"ms\":10,\"calls\":2}");
        now += 10 * MS;
        pipeline.wake(now);
        assertEquals("{\"code\":504,\"error\":\"job a is not done after 2 calls\"}\n", written(pipeline),
                "the handler gave up at the deadline");
        send(pipeline, "{\"url\":\"/await\",\"token\":\"" + token + "\",\"job\":\"b\",\"id\":2}");
        assertTrue(pipeline.waiting());

        completeElsewhere("a");

        assertEquals(1, wakeUps.get());
        assertFalse(pipeline.retryWorkDone(), "job a's completion is not job b's");
        assertFalse(pipeline.wakeDue(now));
        pipeline.wake(now);
        assertEquals("", written(pipeline));
        assertEquals(3, await.calls());

        completeElsewhere("b");
        pipeline.wake(now);
        assertEquals("{\"code\":200,\"id\":2,\"job\":\"b\",\"calls\":2}\n", written(pipeline));
    }

    @Test
    void aRetryOnWorkWhenTheServerStopsIsTriedOnceMoreThenAnswered503AndALateCompletionChangesNothing() throws Exception {
        RequestPipeline pipeline = awaiting();
        String token = login(pipeline);
        send(pipeline, "{\"url\":\"/await\",\"token\":\"" + token + "\",\"job\":\"a\"}");

        pipeline.stop(now);

        assertEquals(2, await.calls());
        assertEquals("{\"code\":503,\"error\":\"the server is stopping before this answer was ready\"}\n",
                written(pipeline));
        assertTrue(pipeline.finished());
        completeElsewhere("a");
        assertFalse(pipeline.retryWorkDone());
        pipeline.wake(now);
        assertEquals("", written(pipeline));
        assertEquals(2, await.calls());
    }

    @Test
    void aRetryOnWorkThatHasCompletedWhenTheServerStopsGetsItsAnswer() throws Exception {
        RequestPipeline pipeline = awaiting();
        String token = login(pipeline);
        send(pipeline, "{\"url\":\"/await\",\"token\":\"" + token + "\",\"job\":\"a\"}");
        completeElsewhere("a");

        pipeline.stop(now);

        assertEquals("{\"code\":200,\"job\":\"a\",\"calls\":2}\n", written(pipeline));
        assertTrue(pipeline.finished());
    }

    @Test
    void aRetriedRequestHasItsTokenCheckedAgain() throws Exception {
        RequestPipeline pipeline = pipeline(new Router(RouteTable.of(issuer, new TestHandlers.Retry())));
        send(pipeline, "{\"url\":\"/issue\"}");
        assertEquals("{\"code\":200,\"token\":\"shared-1\"}\n", written(pipeline));
        send(pipeline, "{\"url\":\"/retry\",\"token\":\"shared-1\",\"calls\":2,\"id\":7}");
        assertTrue(pipeline.waiting());

        issuer.revoke();
        now += 10 * MS;
        pipeline.wake(now);

        assertEquals("{\"code\":401,\"id\":7,\"error\":\"\\\"token\\\" is not valid on this connection; log in again\"}\n",
                written(pipeline));
    }

    @Test
    void aRetryStillWaitingWhenTheServerStopsIsAnswered503() throws Exception {
        RequestPipeline pipeline = pipeline(router());
        String token = login(pipeline);
        send(pipeline, "{\"url\":\"/retry\",\"token\":\"" + token + "\",\"calls\":5}");

        pipeline.stop(now);

        assertTrue(written(pipeline).startsWith("{\"code\":503,"));
        assertTrue(pipeline.finished());
    }

    @Test
    void aHeldAnswerLetsOnlyTheAnswersBeforeItOutUntilItsDeadline() throws Exception {
        RequestPipeline pipeline = pipeline(router());
        String token = login(pipeline);
        String ping = "{\"url\":\"/ping\",\"token\":\"" + token + "\"}";
        send(pipeline, ping + "{\"url\":\"/delay\",\"ms\":300}" + ping);

        assertEquals("{\"code\":200,\"pong\":true}\n", written(pipeline));
        assertEquals(now + 300 * MS, pipeline.deadline());
        pipeline.wake(now + 299 * MS);
        assertEquals("", written(pipeline));

        pipeline.wake(now + 300 * MS);
        assertEquals("{\"code\":401,\"error\":\"held for 300 ms\"}\n{\"code\":200,\"pong\":true}\n", written(pipeline));
    }

    @Test
    void aHandlerThatNeedsTheTokenCannotGrantOne() throws Exception {
        RequestPipeline pipeline = pipeline(router());
        String token = login(pipeline);

        send(pipeline, "{\"url\":\"/grab\",\"token\":\"" + token + "\"}");

        assertTrue(written(pipeline).startsWith("{\"code\":500,"));
        assertEquals(token, pipeline.session().token(), "the connection keeps the token it had");
    }

    @Test
    void aTokenTheAuthorityAcceptsLogsInAConnectionThatHeldNone() throws Exception {
        Router router = new Router(RouteTable.of(issuer, new TestHandlers.Echo()));
        RequestPipeline first = pipeline(router);
        send(first, "{\"url\":\"/issue\"}");
        written(first);
        RequestPipeline second = pipeline(router);
        assertFalse(second.loggedIn());

        send(second, "{\"url\":\"/echo\",\"token\":\"shared-1\",\"data\":1}");
        assertEquals("{\"code\":200,\"data\":1}\n", written(second));
        assertTrue(second.loggedIn());
        assertEquals("shared-1", second.session().token());

        String data = "d".repeat(20 * 1024);
        send(second, "{\"url\":\"/echo\",\"token\":\"shared-1\",\"data\":\"" + data + "\"}");
        assertEquals("{\"code\":200,\"data\":\"" + data + "\"}\n", written(second),
                "past the 16 KiB limit before login: the connection counts as logged in");
    }

    @Test
    void aTokenTheAuthorityRefusesIsA401ThatGrantsNothing() throws Exception {
        RequestPipeline pipeline = pipeline(new Router(RouteTable.of(issuer, new TestHandlers.Ping())));

        send(pipeline, "{\"url\":\"/ping\",\"token\":\"shared-1\"}");

        assertEquals("{\"code\":401,\"error\":\"log in first through /issue\"}\n", written(pipeline));
        assertFalse(pipeline.loggedIn());
    }

    @Test
    void withoutAnAuthorityATokenFromAnotherConnectionIsRefused() throws Exception {
        Router router = router();
        RequestPipeline first = pipeline(router);
        String token = login(first);
        RequestPipeline second = pipeline(router);

        send(second, "{\"url\":\"/ping\",\"token\":\"" + token + "\"}");

        assertEquals("{\"code\":401,\"error\":\"log in first through /delay or /login\"}\n", written(second));
    }

    @Test
    void twoTokenAuthoritiesAreAStartupErrorNamingBoth() {
        StartupException e = assertThrows(StartupException.class,
                () -> RouteTable.of(issuer, new TestHandlers.OtherIssuer()));

        assertTrue(e.getMessage().contains(TestHandlers.Issuer.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(TestHandlers.OtherIssuer.class.getName()), e.getMessage());
    }

    @Test
    void whenTheUnsentAnswersReachTheLimitTheRestWaitsInTheInputBufferWithinABound() throws Exception {
        int maxPending = 64 * 1024;
        RequestPipeline pipeline = new RequestPipeline(router(), 1024 * 1024, maxPending, CLIENT);
        String token = login(pipeline);
        String echo = "{\"url\":\"/echo\",\"token\":\"" + token + "\",\"data\":\"" + "e".repeat(1000) + "\"}\n";
        byte[] request = echo.getBytes(StandardCharsets.US_ASCII);
        int count = 10 * 1024 * 1024 / request.length;
        long bound = 2L * maxPending + 2 * 16 * 1024;
        int sent = 0;
        int answered = 0;
        long peak = 0;
        FakeTransport client = new FakeTransport();
        while (answered < count) {
            // The client writes while the server wants input, and reads only after it has stopped.
            while (sent < count && pipeline.wantsInput()) {
                if (pipeline.append(request, 0, request.length) == request.length) {
                    sent++;
                }
                pipeline.serve(now);
                peak = Math.max(peak, pipeline.bufferedCapacity());
            }
            assertTrue(sent == count || pipeline.writable() >= maxPending, "input stops only at the output limit");
            pipeline.writeTo(client);
            answered += client.takeWritten().split("\n", -1).length - 1;
            pipeline.serve(now);
        }
        assertEquals(count, answered);
        assertTrue(peak <= bound, "buffers peaked at " + peak + " bytes, bound " + bound);
    }

    @Test
    void aDebugLineLeavesOutARequestCarryingAMemberSomeHandlerDeclaredSecret() {
        RequestExcerpt excerpt = new RequestExcerpt(Set.of("password"));
        byte[] secret = "{\"url\":\"/issue\",\"password\":\"open sesame\"}".getBytes(StandardCharsets.UTF_8);
        byte[] other = "xx{\"url\":\"/login\",\"secret\":\"\"}".getBytes(StandardCharsets.UTF_8);

        assertEquals("not shown: it carries \"password\"", excerpt.of(secret, 0, secret.length));
        assertEquals("{\"url\":\"/login\",\"secret\":\"\"}", excerpt.of(other, 2, other.length - 2),
                "no handler here declared \"secret\"");
    }

    @Test
    void theRouteTableCollectsEveryHandlersSecretMembers() throws Exception {
        assertEquals(Set.of("password"), RouteTable.of(issuer, new TestHandlers.Ping()).secretMembers());
        assertEquals(Set.of(), RouteTable.of(new TestHandlers.Ping()).secretMembers());
    }

    @Test
    void atTheEndOfInputAnUnfinishedRequestIsAnswered400AndThePipelineEnds() throws Exception {
        RequestPipeline pipeline = pipeline(router());
        send(pipeline, "{\"url\":\"/login\"}{\"url\":");
        pipeline.endInput();
        pipeline.serve(now);

        String out = written(pipeline);
        assertTrue(out.endsWith("{\"code\":400,\"error\":\"the connection was closed before the request was complete\"}\n"), out);
        assertTrue(pipeline.finished());
        assertEquals(2, pipeline.requests());
    }
}
