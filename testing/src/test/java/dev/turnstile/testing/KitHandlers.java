package dev.turnstile.testing;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Plugins and handlers the kit's own tests serve. */
final class KitHandlers {

    private KitHandlers() {
    }

    /** {@code /shout}: the text in upper case; counts its calls per connection in the session. */
    static final class Shout implements Handler {
        @Override
        public String url() {
            return "/shout";
        }

        @Override
        public Response handle(Request request, Session session) throws HandlerException {
            long calls = (Long) session.attributes().merge("/shout.calls", 1L, (a, b) -> (Long) a + (Long) b);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("text", request.requireString("text").toUpperCase(Locale.ROOT));
            body.put("calls", calls);
            return Response.ok(body);
        }
    }

    /** A plugin serving {@link Shout} that counts its starts and stops and keeps its data folder. */
    static final class Shouting implements Plugin {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();
        volatile Path dataDir;

        @Override
        public List<Handler> start(PluginContext context) {
            starts.incrementAndGet();
            dataDir = context.dataDir();
            return List.of(new Shout());
        }

        @Override
        public void stop() {
            stops.incrementAndGet();
        }
    }

    /** A plugin whose {@code /greeting} answers its setting, after a pause it declares too, on the server's timer. */
    static final class Greeting implements Plugin {
        static final Setting<String> WORD = Setting.text("greeting-word", "The word", "Hello");
        static final Setting<Duration> PAUSE = Setting.duration("greeting-pause", "The pause before it", "0",
                Duration.ZERO, Duration.ofMinutes(1));

        @Override
        public List<Setting<?>> settings() {
            return List.of(WORD, PAUSE);
        }

        @Override
        public List<Handler> start(PluginContext context) {
            String word = context.get(WORD);
            Duration pause = context.get(PAUSE);
            return List.of(new Handler() {
                @Override
                public String url() {
                    return "/greeting";
                }

                @Override
                public Response handle(Request request, Session session) {
                    return Response.later(context.timer().after(pause).thenApply(done -> Response.ok("word", word)));
                }
            });
        }
    }

    /** A {@code /login} of a plugin under test: grants "mine". */
    static final class OwnLogin implements Handler {
        @Override
        public String url() {
            return "/login";
        }

        @Override
        public boolean needsToken() {
            return false;
        }

        @Override
        public Response handle(Request request, Session session) {
            session.grantToken("mine");
            return Response.ok("token", "mine");
        }
    }

    /** A plugin serving {@link OwnLogin}. */
    static final class OwnLoginPlugin implements Plugin {
        @Override
        public List<Handler> start(PluginContext context) {
            return List.of(new OwnLogin());
        }
    }

    /** A plugin that cannot start. */
    static final class Broken implements Plugin {
        @Override
        public List<Handler> start(PluginContext context) {
            throw new IllegalStateException("the broken folder is not writable");
        }
    }
}
