package dev.turnstile.route;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The server's own counters for {@code /stats}: connections accepted and refused as busy, answers
 * by url and code, and the bytes of requests and answers. They are plain longs, counted and read on
 * the server thread only, so nothing is locked; they start at zero when the server starts and are
 * never reset while it runs.
 *
 * <p>Answers are counted by the url of the route that answered. Everything no route answered (a
 * line that is not JSON, a request without a {@code url}, an unknown url, an answer the server gives
 * on its own such as a 408) counts under {@value #OTHER}, so a client cannot grow the table by
 * inventing urls. Counting an answer allocates nothing once its url and code have been seen.
 */
public final class ServerStats {

    /** Where answers that no route gave are counted. */
    static final String OTHER = "other";

    private final Map<String, CodeCounts> byUrl = new HashMap<>();
    private LongSupplier clock = System::nanoTime;
    private long startedNanos = clock.getAsLong();
    private Instant startedAt = Instant.now();
    private long accepted;
    private long refused;
    private long bytesIn;
    private long bytesOut;
    private long requests;
    private long errors;

    /**
     * The server starts serving now: uptime is measured from here, on its clock.
     *
     * @param serverClock nanoseconds, like {@link System#nanoTime()}: only differences matter
     */
    public void started(LongSupplier serverClock) {
        clock = serverClock;
        startedNanos = serverClock.getAsLong();
        startedAt = Instant.now();
    }

    /** A client's connection was accepted. */
    public void accepted() {
        accepted++;
    }

    /** A connection was refused because another client holds the server ({@code busy=reject}). */
    public void refusedBusy() {
        refused++;
    }

    /** @param bytes request bytes read from a client (after TLS) */
    public void read(long bytes) {
        bytesIn += bytes;
    }

    /** @param bytes answer bytes written to a client (before TLS) */
    public void written(long bytes) {
        bytesOut += bytes;
    }

    /**
     * One answer was given.
     *
     * @param route the route that answered, or {@code null} when none did
     * @param code its code
     */
    void answered(Route route, int code) {
        requests++;
        if (code != 200) {
            errors++;
        }
        byUrl.computeIfAbsent(route == null ? OTHER : route.url(), url -> new CodeCounts()).add(code);
    }

    /** @return the server's part of {@code /stats}, without the plugins' */
    Map<String, Object> report() {
        Map<String, Object> connections = new LinkedHashMap<>();
        connections.put("accepted", accepted);
        connections.put("refused_busy", refused);
        Map<String, Object> urls = new TreeMap<>();
        byUrl.forEach((url, counts) -> urls.put(url, counts.report()));
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("total", requests);
        answers.put("errors", errors);
        answers.put("by_url", urls);
        Map<String, Object> bytes = new LinkedHashMap<>();
        bytes.put("in", bytesIn);
        bytes.put("out", bytesOut);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("started", startedAt.toString());
        report.put("uptime_seconds", TimeUnit.NANOSECONDS.toSeconds(clock.getAsLong() - startedNanos));
        report.put("connections", connections);
        report.put("requests", answers);
        report.put("bytes", bytes);
        return report;
    }

    /** The answers of one url, by code: a url sees few codes, so two short arrays searched in order. */
    private static final class CodeCounts {
        private int[] codes = new int[4];
        private long[] counts = new long[4];
        private int size;

        void add(int code) {
            for (int i = 0; i < size; i++) {
                if (codes[i] == code) {
                    counts[i]++;
                    return;
                }
            }
            if (size == codes.length) {
                codes = Arrays.copyOf(codes, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            codes[size] = code;
            counts[size++] = 1;
        }

        Map<String, Object> report() {
            Map<Integer, Long> sorted = new TreeMap<>();
            for (int i = 0; i < size; i++) {
                sorted.put(codes[i], counts[i]);
            }
            Map<String, Object> byCode = new LinkedHashMap<>();
            sorted.forEach((code, count) -> byCode.put(Integer.toString(code), count));
            return byCode;
        }
    }
}
