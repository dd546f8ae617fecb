package dev.turnstile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.route.RouteTable;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
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
    void theRouteTableIsPrintedAlignedWithUrlTokenHandlerPluginAndJar() throws Exception {
        RouteTable table = RouteTable.start(List.of(LoadedPlugin.ofHandler(new Open(), "login.jar"),
                LoadedPlugin.of(new Guarding(), "a-much-longer-name.jar")), plugin -> null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        RouteCheck.print(table, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String open = Open.class.getName();
        String guarded = Guarded.class.getName();
        String guarding = Guarding.class.getName();
        String routes = table.find("/routes").handler().getClass().getName();
        String stats = table.find("/stats").handler().getClass().getName();
        String row = "%-10s%-7s%-" + (Math.max(Math.max(open.length(), guarded.length()), routes.length()) + 2) + "s%-"
                + (guarding.length() + 2) + "s%s%n";
        String expected = String.format(row, "URL", "TOKEN", "HANDLER", "PLUGIN", "JAR")
                + String.format(row, "/guarded", "yes", guarded, guarding, "a-much-longer-name.jar")
                + String.format(row, "/open", "no", open, "-", "login.jar")
                + String.format(row, "/routes", "yes", routes, "-", table.find("/routes").source())
                + String.format(row, "/stats", "yes", stats, "-", table.find("/stats").source());
        assertEquals(expected, bytes.toString(StandardCharsets.UTF_8));
    }

    /** A plugin serving {@link Guarded}. */
    public static final class Guarding implements Plugin {
        @Override
        public List<Handler> start(PluginContext context) {
            return List.of(new Guarded());
        }
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
