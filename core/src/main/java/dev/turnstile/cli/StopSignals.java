package dev.turnstile.cli;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a graceful stop. The JVM's own handling would run the shutdown
 * hooks and exit with 143 or 130; with these handlers the server stops, {@code main} returns and
 * the process exits with 0, as a service manager expects of a clean stop.
 *
 * <p>The handlers are installed before the server starts and the stop action is given once the
 * server exists: a signal that arrives in between (a service manager stopping a server that has
 * just logged {@code listening on}) is kept and stops the server as soon as it is there, instead
 * of falling to the JVM's handling.
 */
final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private Runnable stop;
    private boolean requested;

    /** Without handlers: only {@link #request()} stops. {@link #install()} adds the handlers. */
    StopSignals() {
    }

    /** Installs the handlers (or, where the JVM keeps the signals, a shutdown hook). */
    static StopSignals install() {
        StopSignals signals = new StopSignals();
        List<String> refused = new ArrayList<>();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    LOG.info("SIG{} received, stopping", signal.getName());
                    signals.request();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                refused.add("SIG" + name);
            }
        }
        if (!refused.isEmpty()) {
            // The JVM keeps the signal for itself (as with -Xrs) or the platform has no such
            // signal (Windows has no SIGTERM): a shutdown hook still stops the server
            // gracefully, though the exit status is then the JVM's, not 0.
            LOG.info("cannot handle {}; a shutdown hook stops the server instead", String.join(" and ", refused));
            Runtime.getRuntime().addShutdownHook(new Thread(signals::request, "turnstile-stop"));
        }
        return signals;
    }

    /**
     * @param action what to run on SIGTERM or SIGINT, at once if one has already come; it may run
     *     more than once
     */
    void onStop(Runnable action) {
        boolean already;
        synchronized (this) {
            stop = action;
            already = requested;
        }
        if (already) {
            action.run();
        }
    }

    /** What a signal does: runs the stop action, or keeps the request until there is one. */
    void request() {
        Runnable action;
        synchronized (this) {
            requested = true;
            action = stop;
        }
        if (action != null) {
            action.run();
        }
    }
}
