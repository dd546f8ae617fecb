package dev.turnstile.cli;

import dev.turnstile.plugin.LoadedPlugins;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.startup.StartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a server in the foreground: logs the warnings of the configuration and of loading, locks the
 * data folder, starts the server on the plugins {@link Main} loaded and waits until a signal stops
 * it (the server logs {@code stopped}). Everything is released in the reverse order: the server
 * stops its plugins, then the lock is released; {@link Main} closes the plugin class loaders last.
 */
final class ServerLauncher {

    private ServerLauncher() {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ServerLauncher.class);

    static void run(Options options, LoadedPlugins plugins) throws StartupException {
        options.warnings().forEach(LOG::warn);
        plugins.warnings().forEach(LOG::warn);
        StopSignals signals = StopSignals.install();
        try (DataDirLock lock = DataDirLock.acquire(options.server().dataDir());
                TurnstileServer server = TurnstileServer.start(options.server().withDataDir(lock.dir()), plugins.list())) {
            signals.onStop(server::close);
            server.awaitStop();
        } catch (InterruptedException e) {
            // Nothing interrupts the main thread but a JVM exit already under way; just return.
            Thread.currentThread().interrupt();
        }
    }
}
