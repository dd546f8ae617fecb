package dev.turnstile.cli;

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
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                Signal.handle(new Signal(name), signal -> {
                    LOG.info("SIG{} received, stopping", signal.getName());
                    stop.run();
                });
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // The JVM keeps these signals for itself (as with -Xrs): a shutdown hook still stops
            // the server gracefully, though the exit status is then the JVM's, not 0.
            LOG.warn("cannot handle SIGTERM and SIGINT ({}); stopping from a shutdown hook instead", e.getMessage());
            Runtime.getRuntime().addShutdownHook(new Thread(stop, "turnstile-stop"));
        }
    }
}
