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
 */
final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    /**
     * @param stop what to run on SIGTERM or SIGINT; it may run more than once
     */
    static void install(Runnable stop) {
        List<String> refused = new ArrayList<>();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    LOG.info("SIG{} received, stopping", signal.getName());
                    stop.run();
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
            Runtime.getRuntime().addShutdownHook(new Thread(stop, "turnstile-stop"));
        }
    }
}
