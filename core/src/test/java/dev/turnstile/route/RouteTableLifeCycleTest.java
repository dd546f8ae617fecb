package dev.turnstile.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.ServerTimer;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.Setting;
import dev.turnstile.startup.StartupException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The route table starts, tells and stops every plugin once, whatever the number of its handlers. */
class RouteTableLifeCycleTest {

    private final List<String> calls = new ArrayList<>();

    /** A handler of a url; token-free when its url is {@code /login}. */
    private static final class Serving implements Handler {
        private final String url;

        Serving(String url) {
            this.url = url;
        }

        @Override
        public String url() {
            return url;
        }

        @Override
        public boolean needsToken() {
            return !url.equals("/login");
        }

        @Override
        public Response handle(Request request, Session session) {
            return Response.ok();
        }
    }

    /** Records its life-cycle calls; {@code failOn} names the call it throws on. */
    private final class Recording implements Plugin {
        private final String name;
        private final String failOn;
        private final List<Handler> handlers;

        Recording(String name, String failOn, String... urls) {
            this.name = name;
            this.failOn = failOn;
            this.handlers = Arrays.stream(urls).<Handler>map(Serving::new).toList();
        }

        @Override
        public List<Handler> start(PluginContext context) throws Exception {
            calls.add("start " + name + " in " + context.dataDir().getFileName());
            if ("start".equals(failOn)) {
                throw new IllegalStateException("the folder is not writable");
            }
            return "nothing".equals(failOn) ? List.of() : handlers;
        }

        @Override
        public void disconnected(Session session) {
            calls.add("disconnected " + name);
            if ("disconnected".equals(failOn)) {
                throw new IllegalStateException("boom");
            }
        }

        @Override
        public void stop() {
            calls.add("stop " + name);
            if ("stop".equals(failOn)) {
                throw new IllegalStateException("boom");
            }
        }
    }

    private static PluginContext contextFor(LoadedPlugin plugin) {
        return new PluginContext() {
            @Override
            public Path dataDir() {
                return Path.of("/data", plugin.source());
            }

            @Override
            public Path home() {
                return Path.of("/");
            }

            @Override
            public <T> Optional<T> find(Setting<T> setting) {
                return Optional.empty();
            }

            @Override
            public long maxAttachmentBytes() {
                return 0;
            }

            @Override
            public ServerTimer timer() {
                return null;
            }
        };
    }

    private static List<LoadedPlugin> plugins(Plugin... plugins) {
        List<LoadedPlugin> loaded = new ArrayList<>();
        for (int i = 0; i < plugins.length; i++) {
            loaded.add(LoadedPlugin.of(plugins[i], (char) ('a' + i) + ".jar"));
        }
        return loaded;
    }

    @Test
    void startGivesEachPluginItsOwnContextInOrderAndRoutesWhatTheyReturn() throws Exception {
        RouteTable table = RouteTable.start(plugins(new Recording("auth", null, "/login"),
                new Recording("files", null, "/get", "/put")), RouteTableLifeCycleTest::contextFor);

        assertEquals(List.of("start auth in a.jar", "start files in b.jar"), calls);
        assertEquals(List.of("/get", "/login", "/put", "/routes"), table.routes().stream().map(Route::url).toList());
        assertEquals("b.jar", table.find("/put").source());
        assertSame(table.plugins().get(1), table.find("/get").plugin());
    }

    @Test
    void aPluginThatCannotStartStopsThoseAlreadyStartedAndIsNamedWithItsJar() {
        StartupException e = assertThrows(StartupException.class, () -> RouteTable.start(plugins(
                new Recording("auth", null, "/login"), new Recording("files", "start", "/get"),
                new Recording("late", null, "/late")), RouteTableLifeCycleTest::contextFor));

        assertEquals("plugin " + Recording.class.getName() + " (b.jar) cannot start: the folder is not writable",
                e.getMessage());
        assertEquals(List.of("start auth in a.jar", "start files in b.jar", "stop auth"), calls);
    }

    @Test
    void aPluginThatReturnsNoHandlerIsStoppedWithTheOthersAndNamed() {
        StartupException e = assertThrows(StartupException.class, () -> RouteTable.start(plugins(
                new Recording("auth", null, "/login"), new Recording("empty", "nothing")),
                RouteTableLifeCycleTest::contextFor));

        assertEquals("plugin " + Recording.class.getName() + " (b.jar) returned no handler from start;"
                + " it must return at least one handler", e.getMessage());
        assertEquals(List.of("start auth in a.jar", "start empty in b.jar", "stop empty", "stop auth"), calls);
    }

    @Test
    void twoHandlersClaimingOneUrlStopEveryPluginAndNameBothWithTheirJars() {
        StartupException e = assertThrows(StartupException.class, () -> RouteTable.start(plugins(
                new Recording("auth", null, "/login", "/same"), new Recording("other", null, "/same")),
                RouteTableLifeCycleTest::contextFor));

        String handler = Serving.class.getName();
        assertEquals("url \"/same\" is claimed twice: by " + handler + " (a.jar) and by " + handler + " (b.jar);"
                + " remove one of the two jars", e.getMessage());
        assertEquals(List.of("start auth in a.jar", "start other in b.jar", "stop other", "stop auth"), calls);
    }

    @Test
    void withoutATokenFreeUrlNoClientCouldLogInSoTheStartFails() {
        StartupException e = assertThrows(StartupException.class, () -> RouteTable.start(plugins(
                new Recording("files", null, "/get")), RouteTableLifeCycleTest::contextFor));

        assertEquals("no handler answers without a token, so no client could ever log in; put a plugin with a login"
                + " handler (such as the auth plugin) in the plugins folder", e.getMessage());
        assertEquals(List.of("start files in a.jar", "stop files"), calls);
    }

    @Test
    void everyPluginHearsOnceOfADisconnectAndOfTheStopEvenWhenOneFailsAndTheLastStartedStopsFirst() throws Exception {
        RouteTable table = RouteTable.start(plugins(new Recording("auth", "disconnected", "/login"),
                new Recording("files", "stop", "/get", "/put"), new Recording("sample", null, "/ping")),
                RouteTableLifeCycleTest::contextFor);
        calls.clear();

        table.disconnected(null);
        table.stop();
        table.stop();

        assertEquals(List.of("disconnected auth", "disconnected files", "disconnected sample", "stop sample",
                "stop files", "stop auth"), calls);
    }
}
