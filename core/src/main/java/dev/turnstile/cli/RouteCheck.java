package dev.turnstile.cli;

import dev.turnstile.route.Route;
import dev.turnstile.route.RouteTable;
import dev.turnstile.server.HandlerSettings;
import dev.turnstile.startup.StartupException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --check}, once {@link Main} has opened the TLS keystore if one is set and loaded the
 * plugins as a real start would: checks the plugin settings given against the loaded plugins'
 * declarations, prints the route table and touches neither the port nor the
 * data folder, so it can run next to a live server.
 */
final class RouteCheck {

    private RouteCheck() {
    }

    static void run(Options options, RouteTable table, PrintStream out) throws StartupException {
        HandlerSettings.of(table).requireDeclared(options.server().settings().keySet(), null);
        print(table, out);
    }

    /** Prints one aligned row per route: url, whether it needs the token, class, jar. */
    static void print(RouteTable table, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"URL", "TOKEN", "CLASS", "JAR"});
        for (Route route : table.routes()) {
            rows.add(new String[] {route.url(), route.needsToken() ? "yes" : "no",
                route.handler().getClass().getName(), route.source()});
        }
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            out.println(line.append(row[3]));
        }
        out.flush();
    }
}
