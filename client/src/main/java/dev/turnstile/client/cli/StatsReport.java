package dev.turnstile.client.cli;

import dev.turnstile.client.JsonMaps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code /stats} answer written for people: the server's version and uptime, its connections,
 * its answers by url and code in aligned rows, its bytes, then each plugin's report, one fact per
 * line. A member it does not know (from a newer server) is printed as it came, at the end, so nothing
 * the server says is hidden.
 *
 * <pre>
 * turnstile 0.1.0 at 127.0.0.1:8888, up 2 h 5 min (since 2026-12-07T09:12:44Z)
 * connections: 14 accepted, 1 refused (busy)
 * answers: 1 208, 3 not 200
 *   /login     200: 14   401: 1
 *   /ping      200: 1 190
 *   other      400: 2
 * bytes: 88.1 KiB in, 1.2 MiB out
 * dev.turnstile.files.FilesPlugin
 *   files: 1 022
 * </pre>
 */
final class StatsReport {

    private static final String[] UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB"};

    private StatsReport() {
    }

    /**
     * @param stats the answer's members
     * @param server the server, {@code host:port}
     * @return the lines, each without its newline
     */
    static List<String> lines(Map<String, Object> stats, String server) {
        Map<String, Object> rest = new LinkedHashMap<>(stats);
        rest.remove("code");
        List<String> lines = new ArrayList<>();
        Object version = rest.remove("version");
        Object uptime = rest.remove("uptime_seconds");
        Object started = rest.remove("started");
        lines.add("turnstile " + (version == null ? "(version unknown)" : version) + " at " + server
                + (uptime instanceof Number seconds ? ", up " + duration(seconds.longValue()) : "")
                + (started == null ? "" : " (since " + started + ")"));
        if (rest.remove("connections") instanceof Map<?, ?> connections) {
            lines.add("connections: " + count(connections.get("accepted")) + " accepted, "
                    + count(connections.get("refused_busy")) + " refused (busy)");
        }
        if (rest.remove("requests") instanceof Map<?, ?> requests) {
            lines.add("answers: " + count(requests.get("total")) + ", " + count(requests.get("errors")) + " not 200");
            if (requests.get("by_url") instanceof Map<?, ?> byUrl) {
                lines.addAll(byUrl(byUrl));
            }
        }
        if (rest.remove("bytes") instanceof Map<?, ?> bytes) {
            lines.add("bytes: " + size(bytes.get("in")) + " in, " + size(bytes.get("out")) + " out");
        }
        if (rest.remove("plugins") instanceof Map<?, ?> plugins) {
            plugins.forEach((name, report) -> {
                lines.add(String.valueOf(name));
                if (report instanceof Map<?, ?> facts) {
                    facts.forEach((fact, value) -> lines.add("  " + fact + ": " + text(value)));
                } else {
                    lines.add("  " + text(report));
                }
            });
        }
        rest.forEach((name, value) -> lines.add(name + ": " + text(value)));
        return lines;
    }

    private static List<String> byUrl(Map<?, ?> byUrl) {
        int width = 0;
        for (Object url : byUrl.keySet()) {
            width = Math.max(width, String.valueOf(url).length());
        }
        List<String> rows = new ArrayList<>();
        for (Map.Entry<?, ?> entry : byUrl.entrySet()) {
            StringBuilder row = new StringBuilder("  ").append(entry.getKey());
            row.append(" ".repeat(width - String.valueOf(entry.getKey()).length()));
            if (entry.getValue() instanceof Map<?, ?> codes) {
                codes.forEach((code, n) -> row.append("   ").append(code).append(": ").append(count(n)));
            }
            rows.add(row.toString().stripTrailing());
        }
        return rows;
    }

    /** @return a whole number with a space every three digits, as people read big counts */
    static String count(Object value) {
        if (!(value instanceof Number number)) {
            return String.valueOf(value);
        }
        String digits = Long.toString(Math.abs(number.longValue()));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                text.append(' ');
            }
            text.append(digits.charAt(i));
        }
        return (number.longValue() < 0 ? "-" : "") + text;
    }

    /** @return bytes in the largest binary unit that keeps the number at least 1, one decimal */
    static String size(Object value) {
        if (!(value instanceof Number number)) {
            return String.valueOf(value);
        }
        double amount = number.doubleValue();
        int unit = 0;
        while (amount >= 1024 && unit < UNITS.length - 1) {
            amount /= 1024;
            unit++;
        }
        return unit == 0 ? count(number) + " bytes" : String.format(Locale.ROOT, "%.1f %s", amount, UNITS[unit]);
    }

    /** @return seconds as days, hours, minutes or seconds: the largest unit that is not zero, and the next one */
    static String duration(long seconds) {
        long[] amounts = {seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60};
        String[] units = {"d", "h", "min", "s"};
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < amounts.length && parts.size() < 2; i++) {
            if (amounts[i] > 0 || !parts.isEmpty()) {
                parts.add(amounts[i] + " " + units[i]);
            }
        }
        return parts.isEmpty() ? "0 s" : String.join(" ", parts);
    }

    private static String text(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return count(value);
        }
        return value instanceof String || value instanceof Number || value instanceof Boolean
                ? String.valueOf(value) : JsonMaps.write(value);
    }
}
