package dev.turnstile.testing;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerContext;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.Setting;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** Handlers the kit's own tests serve. */
final class KitHandlers {

    private KitHandlers() {
    }

    /** {@code /shout}: the text in upper case; counts its calls per connection in the session. */
    static final class Shout implements Handler {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();
        volatile Path dataDir;

        @Override
        public String url() {
            return "/shout";
        }

        @Override
        public void start(HandlerContext context) {
            starts.incrementAndGet();
            dataDir = context.dataDir();
        }

        @Override
        public void stop() {
            stops.incrementAndGet();
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

    /** {@code /greeting}: answers its declared setting. */
    static final class Greeting implements Handler {
        private String word;

        @Override
        public String url() {
            return "/greeting";
        }

        @Override
        public List<Setting> settings() {
            return List.of(Setting.of("greeting-word", "The word", "Hello"));
        }

        @Override
        public void start(HandlerContext context) {
            word = context.setting("greeting-word").orElse("(none)");
        }

        @Override
        public Response handle(Request request, Session session) {
            return Response.ok("word", word);
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

    /** A handler that cannot start. */
    static final class Broken implements Handler {
        @Override
        public String url() {
            return "/broken";
        }

        @Override
        public void start(HandlerContext context) throws Exception {
            throw new IllegalStateException("the broken folder is not writable");
        }

        @Override
        public Response handle(Request request, Session session) {
            return Response.ok();
        }
    }
}
