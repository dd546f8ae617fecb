package ${package};

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;

/**
 * Answers {@code {"url":"/${route}","name":"Ada","token":"…"}} with
 * {@code {"code":200,"greeting":"Hello, Ada"}}; without a usable {@code "name"} the answer is a 400.
 */
final class ${handlerClass} implements Handler {

    private final String greeting;

    /** @param greeting the word it greets with, the plugin's setting */
    ${handlerClass}(String greeting) {
        this.greeting = greeting;
    }

    @Override
    public String url() {
        return "/${route}";
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
