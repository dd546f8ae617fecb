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
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The request path without a socket: bytes in, lines out, on a clock the test moves. */
class RequestPipelineTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final long MS = 1_000_000L;
    private static final long ATTACHMENT_LIMIT = 64 * 1024;

    private final TestHandlers.Issuer issuer = new TestHandlers.Issuer();
    private final TestHandlers.Later later = new TestHandlers.Later();
    /** How often the pipeline asked its owner to look again: the loop's selector wake-ups. */
    private final AtomicInteger wakeUps = new AtomicInteger();
    private long now = -3_000 * MS;
    /** The server's timer on the test's clock; its wake-ups are not the pipeline's. */
    private final LoopTimer timer = new LoopTimer(() -> now, () -> { });

    private RequestPipeline pipeline(Router router) {
        return new RequestPipeline(router, 1024 * 1024, 4 * 1024 * 1024, ATTACHMENT_LIMIT, CLIENT,
                wakeUps::incrementAndGet);
    }

    private Router router() throws StartupException {
        return new Router(RouteTable.of(new TestHandlers.Login(), new TestHandlers.Ping(), new TestHandlers.Echo(),
                new TestHandlers.Delay(timer), later, new TestHandlers.Grab()));
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

    /** Completes a job on a thread of its own, as a plugin's background thread would. */
    private void completeElsewhere(String job, Response answer) throws InterruptedException {
        Thread background = new Thread(() -> later.job(job).complete(answer));
        background.start();
        background.join();
    }

    private static String laterRequest(String token, String job, int id) {
        return "{\"url\":\"/later\",\"token\":\"" + token + "\",\"job\":\"" + job + "\",\"id\":" + id + "}";
    }

    private static String ping(String token, int id) {
        return "{\"url\":\"/ping\",\"token\":\"" + token + "\",\"id\":" + id + "}";
    }

    @Test
    void aLaterAnswerKeepsItsPlaceTheAnswersBeforeItGoOutAndNothingAfterItIsRoutedUntilItComes() throws Exception {
        RequestPipeline pipeline = pipeline(router());
        String token = login(pipeline);

        send(pipeline, ping(token, 1) + laterRequest(token, "a", 2) + ping(token, 3));

        assertEquals("{\"code\":200,\"id\":1,\"pong\":true}\n", written(pipeline), "only the answer before it");
        assertTrue(pipeline.waiting());
        assertFalse(pipeline.wantsInput(), "no reading while an answer is awaited");
        assertFalse(pipeline.laterReady());
        pipeline.wake(now);
        assertEquals("", written(pipeline), "nothing before the stage completes");

        completeElsewhere("a", Response.ok("done", true));

        assertEquals(1, wakeUps.get(), "the completion wakes the loop, once");
        assertTrue(pipeline.laterReady());
        pipeline.wake(now);
        assertEquals("{\"code\":200,\"id\":2,\"done\":true}\n{\"code\":200,\"id\":3,\"pong\":true}\n",
                written(pipeline));
        assertEquals(1, later.calls(), "the handler ran once");
        assertFalse(pipeline.waiting());
        assertTrue(pipeline.wantsInput());
    }

    @Test
    void aStageThatHasCompletedAlreadyIsWrittenInTheSameServe() throws Exception {
        RequestPipeline pipeline = pipeline(router());
        String token = login(pipeline);
        later.job("a").complete(Response.ok("early", true));

        send(pipeline, laterRequest(token, "a", 1) + ping(token, 2));

        assertEquals("{\"code\":200,\"id\":1,\"early\":true}\n{\"code\":200,\"id\":2,\"pong\":true}\n",
                written(pipeline));
        assertFalse(pipeline.waiting());
    }

    @Test
    void aStageThatFailsWithAHandlerExceptionIsAnsweredWithItsCodeAndMessageWrappedOrNot() throws Exception {
        RequestPipeline pipeline = pipeline(router());
        String token = login(pipeline);

        send(pipeline, laterRequest(token, "a", 1));
        later.job("a").completeExceptionally(HandlerException.notFound("no such thing"));
        pipeline.wake(now);
        send(pipeline, laterRequest(token, "b", 2));
        later.job("b").completeExceptionally(new CompletionException(HandlerException.conflict("it changed")));
        pipeline.wake(now);

        assertEquals("{\"code\":404,\"id\":1,\"error\":\"no such thing\"}\n"
                + "{\"code\":409,\"id\":2,\"error\":\"it changed\"}\n", written(pipeline));
    }

    @Test
    void anyOtherFailureANullAndALaterInsideALaterAre500sThatNameNoInternals() throws Exception {
        RequestPipeline pipeline = pipeline(router());
        String token = login(pipeline);
        String failed = "\"error\":\"the handler for /later failed; the server log has the details\"}\n";

        send(pipeline, laterRequest(token, "a", 1));
        later.job("a").completeExceptionally(new IllegalStateException("secret internal detail"));
        pipeline.wake(now);
        send(pipeline, laterRequest(token, "b", 2));
        later.job("b").complete(null);
        pipeline.wake(now);
        send(pipeline, laterRequest(token, "c", 3));
        later.job("c").complete(Response.later(new CompletableFuture<>()));
        pipeline.wake(now);
        send(pipeline, ping(token, 4));

        assertEquals("{\"code\":500,\"id\":1," + failed + "{\"code\":500,\"id\":2," + failed
                + "{\"code\":500,\"id\":3," + failed + "{\"code\":200,\"id\":4,\"pong\":true}\n", written(pipeline));
    }

    @Test
    void aCloseAskedForByTheHandlerAppliesOnceItsLaterAnswerIsWritten() throws Exception {
        RequestPipeline pipeline = pipeline(router());
        String token = login(pipeline);

        send(pipeline, "{\"url\":\"/later\",\"token\":\"" + token + "\",\"job\":\"a\",\"close\":true}"
                + ping(token, 2));
        assertFalse(pipeline.ended(), "not before the answer");
        later.job("a").complete(Response.ok("last", true));
        pipeline.wake(now);

        assertEquals("{\"code\":200,\"last\":true}\n", written(pipeline), "what follows is neither read nor answered");
        assertTrue(pipeline.ended());
        assertTrue(pipeline.finished());
    }

    @Test
    void theTokenIsCheckedOnceWhenTheHandlerRunsNotWhenItsLaterAnswerComes() throws Exception {
        RequestPipeline pipeline = pipeline(new Router(RouteTable.of(issuer, later)));
        send(pipeline, "{\"url\":\"/issue\"}");
        assertEquals("{\"code\":200,\"token\":\"shared-1\"}\n", written(pipeline));
        send(pipeline, laterRequest("shared-1", "a", 7));
        issuer.revoke();

        later.job("a").complete(Response.ok());
        pipeline.wake(now);

        assertEquals("{\"code\":200,\"id\":7}\n", written(pipeline));
        assertEquals(1, later.calls());
    }

    @Test
    void aLaterAnswerStillPendingWhenTheServerStopsIsAnswered503WithItsIdAndALateCompletionChangesNothing()
            throws Exception {
        RequestPipeline pipeline = pipeline(router());
        String token = login(pipeline);
        send(pipeline, laterRequest(token, "a", 5) + ping(token, 6));

        pipeline.stop(now);

        assertEquals("{\"code\":503,\"id\":5,\"error\":\"the server is stopping before this answer was ready\"}\n"
                + "{\"code\":200,\"id\":6,\"pong\":true}\n", written(pipeline));
        assertTrue(pipeline.finished());
        completeElsewhere("a", Response.ok("late", true));
        assertFalse(pipeline.laterReady());
        pipeline.wake(now);
        assertEquals("", written(pipeline));
    }

    @Test
    void aLaterAnswerThatHasComeWhenTheServerStopsIsWritten() throws Exception {
        RequestPipeline pipeline = pipeline(router());
        String token = login(pipeline);
        send(pipeline, laterRequest(token, "a", 1));
        completeElsewhere("a", Response.ok("done", true));

        pipeline.stop(now);

        assertEquals("{\"code\":200,\"id\":1,\"done\":true}\n", written(pipeline));
        assertTrue(pipeline.finished());
    }

    @Test
    void anAnswerDelayedOnTheServerTimerIsWrittenWhenTheTimerFiresWithTheAnswersAfterIt() throws Exception {
        RequestPipeline pipeline = pipeline(router());
        String token = login(pipeline);
        send(pipeline, ping(token, 1) + "{\"url\":\"/delay\",\"ms\":300,\"id\":2}" + ping(token, 3));
        assertEquals("{\"code\":200,\"id\":1,\"pong\":true}\n", written(pipeline));

        timer.fireDue(now + 299 * MS);
        pipeline.wake(now + 299 * MS);
        assertEquals("", written(pipeline), "not before its deadline");
        timer.fireDue(now + 300 * MS);
        assertTrue(pipeline.laterReady(), "the timer fired on this thread");
        pipeline.wake(now + 300 * MS);

        assertEquals("{\"code\":401,\"id\":2,\"error\":\"held for 300 ms\"}\n{\"code\":200,\"id\":3,\"pong\":true}\n",
                written(pipeline));
    }

    @Test
    void whenTheServerStopsItsTimersFireFirstSoADelayedAnswerGoesOutAtOnceNotAs503() throws Exception {
        RequestPipeline pipeline = pipeline(router());
        login(pipeline);
        send(pipeline, "{\"url\":\"/delay\",\"ms\":60000}");

        timer.fireAll();
        pipeline.stop(now);

        assertEquals("{\"code\":401,\"error\":\"held for 60000 ms\"}\n", written(pipeline));
        assertTrue(pipeline.finished());
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
        RequestPipeline pipeline = new RequestPipeline(router(), 1024 * 1024, maxPending, ATTACHMENT_LIMIT, CLIENT, () -> { });
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
