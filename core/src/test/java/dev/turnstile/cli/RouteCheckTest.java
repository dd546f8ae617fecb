package dev.turnstile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.route.Route;
import dev.turnstile.route.RouteTable;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteCheckTest {

    @Test
    void theRouteTableIsPrintedAlignedWithUrlTokenClassAndJar() throws Exception {
        RouteTable table = RouteTable.of(List.of(
                new Route(new Open(), "login.jar"),
                new Route(new Guarded(), "a-much-longer-name.jar")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        RouteCheck.print(table, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String open = Open.class.getName();
        String guarded = Guarded.class.getName();
        String routes = table.find("/routes").handler().getClass().getName();
        int classWidth = Math.max(Math.max(open.length(), guarded.length()), routes.length());
        String expected = String.format("%-10s%-7s%-" + (classWidth + 2) + "s%s%n", "URL", "TOKEN", "CLASS", "JAR")
                + String.format("%-10s%-7s%-" + (classWidth + 2) + "s%s%n", "/guarded", "yes", guarded,
                        "a-much-longer-name.jar")
                + String.format("%-10s%-7s%-" + (classWidth + 2) + "s%s%n", "/open", "no", open, "login.jar")
                + String.format("%-10s%-7s%-" + (classWidth + 2) + "s%s%n", "/routes", "yes", routes,
                        table.find("/routes").source());
        assertEquals(expected, bytes.toString(StandardCharsets.UTF_8));
    }

    /** A handler that answers without the token, as a login does. */
    public static final class Open implements Handler {
        @Override
        public String url() {
            return "/open";
        }

        @Override
        public boolean needsToken() {
            return false;
        }

        @Override
        public Response handle(Request request, Session session) {
            return Response.ok();
        }
    }

    /** A handler that needs the token. */
    public static final class Guarded implements Handler {
        @Override
        public String url() {
            return "/guarded";
        }

        @Override
        public Response handle(Request request, Session session) {
            return Response.ok();
        }
    }
}
