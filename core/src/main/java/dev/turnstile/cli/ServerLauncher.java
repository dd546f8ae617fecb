package dev.turnstile.cli;

import dev.turnstile.plugin.HandlerLoader;
import dev.turnstile.plugin.LoadedHandlers;
import dev.turnstile.startup.StartupException;
import dev.turnstile.server.TurnstileServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a server in the foreground: locks the data folder, loads the plugins, starts the server
 * and waits until a signal stops it (the server logs {@code stopped}). Everything is released in
 * the reverse order: the server stops its handlers, then the plugin class loaders close, then the
 * lock is released.
 */
final class ServerLauncher {

    private ServerLauncher() {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ServerLauncher.class);

    static void run(Options options) throws StartupException {
        options.warnings().forEach(LOG::warn);
        StopSignals signals = StopSignals.install();
        try (DataDirLock lock = DataDirLock.acquire(options.server().dataDir());
                LoadedHandlers handlers = HandlerLoader.load(options.pluginsDir(), ServerLauncher.class.getClassLoader());
                TurnstileServer server = TurnstileServer.start(options.server().withDataDir(lock.dir()), handlers.table())) {
            signals.onStop(server::close);
            server.awaitStop();
        } catch (InterruptedException e) {
            // Nothing interrupts the main thread but a JVM exit already under way; just return.
            Thread.currentThread().interrupt();
        }
    }
}
