package dev.turnstile.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerContext;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.startup.StartupException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The route table starts, tells and stops every handler; the server no longer loops over them. */
class RouteTableLifeCycleTest {

    private final List<String> calls = new ArrayList<>();

    /** Records its life-cycle calls; {@code failOn} names the call it throws on. */
    private final class Recording implements Handler {
        private final String url;
        private final String failOn;

        Recording(String url, String failOn) {
            this.url = url;
            this.failOn = failOn;
        }

        @Override
        public String url() {
            return url;
        }

        @Override
        public void start(HandlerContext context) throws Exception {
            calls.add("start " + url + " in " + context.dataDir().getFileName());
            if ("start".equals(failOn)) {
                throw new IllegalStateException("the folder is not writable");
            }
        }

        @Override
        public Response handle(Request request, Session session) {
            return Response.ok();
        }

        @Override
        public void disconnected(Session session) {
            calls.add("disconnected " + url);
            if ("disconnected".equals(failOn)) {
                throw new IllegalStateException("boom");
            }
        }

        @Override
        public void stop() {
            calls.add("stop " + url);
            if ("stop".equals(failOn)) {
                throw new IllegalStateException("boom");
            }
        }
    }

    private static HandlerContext contextFor(Route route) {
        return new HandlerContext() {
            @Override
            public Path dataDir() {
                return Path.of("/data", route.url().substring(1));
            }

            @Override
            public Optional<String> setting(String key) {
                return Optional.empty();
            }
        };
    }

    @Test
    void startGivesEachHandlerItsOwnContextInUrlOrder() throws Exception {
        RouteTable table = RouteTable.of(new Recording("/b", null), new Recording("/a", null));

        table.start(RouteTableLifeCycleTest::contextFor);

        assertEquals(List.of("start /a in a", "start /b in b"), calls);
    }

    @Test
    void aHandlerThatCannotStartStopsThoseAlreadyStartedAndIsNamedWithItsJar() throws Exception {
        RouteTable table = RouteTable.of(new Recording("/a", null), new Recording("/b", "start"), new Recording("/c", null));

        StartupException e = assertThrows(StartupException.class, () -> table.start(RouteTableLifeCycleTest::contextFor));

        assertEquals("handler " + Recording.class.getName() + " (class path) cannot start: the folder is not writable",
                e.getMessage());
        assertEquals(List.of("start /a in a", "start /b in b", "stop /a"), calls);
    }

    @Test
    void everyHandlerHearsOfADisconnectAndOfTheStopEvenWhenOneFails() throws Exception {
        RouteTable table = RouteTable.of(new Recording("/a", "disconnected"), new Recording("/b", "stop"),
                new Recording("/c", null));

        table.disconnected(null);
        table.stop();

        assertEquals(List.of("disconnected /a", "disconnected /b", "disconnected /c", "stop /a", "stop /b", "stop /c"),
                calls);
        assertTrue(table.tokenFreeUrls().isEmpty());
    }
}
