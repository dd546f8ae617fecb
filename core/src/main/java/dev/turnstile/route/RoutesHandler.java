package dev.turnstile.route;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /routes}: what this server offers, so a client can discover it. Needs the token, like
 * every url but the login, so a stranger cannot list the server's urls.
 */
final class RoutesHandler implements Handler {

    private Response response;

    /** Fixes the answer once the table exists; the table never changes afterwards. */
    void describe(RouteTable table) {
        List<Map<String, Object>> routes = new ArrayList<>();
        for (Route route : table.routes()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("url", route.url());
            entry.put("token", route.needsToken());
            entry.put("jar", route.source());
            routes.add(entry);
        }
        response = Response.ok("routes", List.copyOf(routes));
    }

    @Override
    public String url() {
        return "/routes";
    }

    @Override
    public Response handle(Request request, Session session) {
        return response;
    }
}
