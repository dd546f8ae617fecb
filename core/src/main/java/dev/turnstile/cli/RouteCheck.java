package dev.turnstile.cli;

import dev.turnstile.plugin.HandlerLoader;
import dev.turnstile.plugin.LoadedHandlers;
import dev.turnstile.route.Route;
import dev.turnstile.route.RouteTable;
import dev.turnstile.startup.StartupException;
import dev.turnstile.server.TurnstileServer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --check}: opens the TLS keystore if one is set and loads every plugin as a real start
 * would, prints the route table and touches
 * neither the port nor the data folder, so it can run next to a live server.
 */
final class RouteCheck {

    private RouteCheck() {
    }

    static void run(Options options, PrintStream out) throws StartupException {
        TurnstileServer.checkTls(options.server());
        try (LoadedHandlers handlers = HandlerLoader.load(options.pluginsDir(), RouteCheck.class.getClassLoader())) {
            print(handlers.table(), out);
        }
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
