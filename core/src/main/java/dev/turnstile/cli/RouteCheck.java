package dev.turnstile.cli;

import dev.turnstile.plugin.LoadedPlugins;
import dev.turnstile.route.Route;
import dev.turnstile.route.RouteTable;
import dev.turnstile.server.StartedPlugins;
import dev.turnstile.startup.StartupException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --check}, once {@link Main} has checked every setting, opened the TLS keystore if one is
 * set and loaded the plugins as a real start would: takes the data folder's lock (so it cannot
 * disturb a running server's data, and fails next to one exactly as a second server does), starts
 * the plugins, whose handlers only they know, prints the route table, stops them and releases the
 * lock. It never opens the port.
 */
final class RouteCheck {

    private RouteCheck() {
    }

    static void run(Options options, LoadedPlugins plugins, PrintStream out) throws StartupException {
        try (DataDirLock lock = DataDirLock.acquire(options.server().dataDir());
                StartedPlugins started = StartedPlugins.start(options.server().withDataDir(lock.dir()), plugins.list())) {
            print(started.routes(), out);
        }
    }

    /**
     * Prints one aligned row per route: url, whether it needs the token, handler class, the plugin
     * class ({@code -} for a handler listed alone) and the jar.
     */
    static void print(RouteTable table, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"URL", "TOKEN", "HANDLER", "PLUGIN", "JAR"});
        for (Route route : table.routes()) {
            String handler = route.handler().getClass().getName();
            String plugin = route.plugin().name().equals(handler) ? "-" : route.plugin().name();
            rows.add(new String[] {route.url(), route.needsToken() ? "yes" : "no", handler, plugin, route.source()});
        }
        int[] widths = new int[4];
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
            out.println(line.append(row[4]));
        }
        out.flush();
    }
}
