package dev.turnstile.route;

import dev.turnstile.json.OutputBuffer;
import dev.turnstile.json.ResponseEncoder;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.startup.TurnstileVersion;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /stats}: how the server is doing. Its version, its {@link ServerStats} (uptime, connections,
 * answers by url and code, bytes), and under {@code plugins} what each plugin reports through
 * {@link dev.turnstile.spi.Plugin#stats()}, by the plugin's name; a plugin that reports nothing is
 * left out. Needs the token, like every url but the login. Runs on the server thread, as the counters
 * are kept there.
 *
 * <p>One plugin's failure does not cost the others their report: a plugin whose {@code stats()}
 * throws, or returns what JSON cannot express, is reported as {@code {"error": …}}, and logged with
 * its stack trace the first time only, so a client that polls cannot flood the log.
 */
final class StatsHandler implements Handler {

    private static final Logger LOG = LoggerFactory.getLogger(StatsHandler.class);

    private final String version = TurnstileVersion.find().orElse("unknown");
    private final Set<String> failedOnce = new HashSet<>();
    private RouteTable table;

    /** Serves the given table's counters and plugins; called once the table exists. */
    void serve(RouteTable routes) {
        this.table = routes;
    }

    @Override
    public String url() {
        return "/stats";
    }

    @Override
    public Response handle(Request request, Session session) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.putAll(table.stats().report());
        Map<String, Object> plugins = new LinkedHashMap<>();
        for (LoadedPlugin plugin : table.plugins()) {
            Object report = reportOf(plugin);
            if (!(report instanceof Map<?, ?> map && map.isEmpty())) {
                plugins.put(plugin.name(), report);
            }
        }
        body.put("plugins", plugins);
        return Response.ok(body);
    }

    private Object reportOf(LoadedPlugin plugin) {
        try {
            Map<String, ?> report = plugin.plugin().stats();
            if (report == null) {
                return Map.of();
            }
            if (!expressible(report)) {
                throw new IllegalStateException("stats() returned a value JSON cannot express");
            }
            return report;
        } catch (RuntimeException | LinkageError e) {
            if (failedOnce.add(plugin.name())) {
                LOG.warn("plugin {} failed to report its stats for /stats", plugin.describe(), e);
            }
            return Map.of("error", "the plugin failed to report; the server log has the details");
        }
    }

    /** @return whether the encoder can write the report, tried on a scratch buffer: the one judge of what JSON can express */
    private static boolean expressible(Map<String, ?> report) {
        try {
            ResponseEncoder.encode(Response.ok(report), false, null, new OutputBuffer());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
