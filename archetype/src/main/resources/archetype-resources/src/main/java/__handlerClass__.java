package ${package};

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerContext;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.Setting;
import java.util.List;

/**
 * Answers {@code {"url":"/${route}","name":"Ada","token":"…"}} with
 * {@code {"code":200,"greeting":"Hello, Ada"}}; without a usable {@code "name"} the answer is a 400.
 * The greeting word is the setting {@code ${route}-greeting} ({@code --${route}-greeting=Hi}).
 */
public final class ${handlerClass} implements Handler {

    static final String GREETING = "${route}-greeting";
    private static final String DEFAULT_GREETING = "Hello";

    private String greeting = DEFAULT_GREETING;

    /** Created once by the server, at start-up. */
    public ${handlerClass}() {
    }

    @Override
    public String url() {
        return "/${route}";
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.of(GREETING, "The word /${route} greets with", DEFAULT_GREETING));
    }

    @Override
    public void start(HandlerContext context) {
        greeting = context.setting(GREETING).orElse(DEFAULT_GREETING);
    }

    @Override
    public Response handle(Request request, Session session) throws HandlerException {
        String name = request.requireString("name");
        if (name.isBlank() || name.length() > 100) {
            throw HandlerException.badRequest("\"name\" must be 1 to 100 characters, not all spaces");
        }
        return Response.ok("greeting", greeting + ", " + name);
    }
}
