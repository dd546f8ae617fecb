package dev.turnstile.cli;

import dev.turnstile.plugin.LoadedPlugins;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.startup.StartupException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The run that {@code bin/turnstile} makes the class-data archive with, before the first start
 * of an installation ({@value #PROPERTY}{@code =true}, beside {@code -XX:ArchiveClassesAtExit}):
 * a real start on a free loopback port, one request from a socket of its own, and a stop. The
 * request is core's own {@code /routes} without a token, answered 401: it still goes through
 * framing, decoding, routing and encoding, and core names no plugin's url.
 * The archive then holds the classes of starting, listening and answering as well as those of
 * reading the configuration, which were all that a {@code --check} run loaded: about 250 classes
 * more, and about 10 % less CPU to the first answer (docs/performance.md).
 *
 * <p>It takes the data folder's lock like any start, so it fails next to a server that holds it;
 * the script then makes no archive and the real start reports the problem. With TLS on, no
 * request is sent (the handshake would need a trusted certificate); the archive is then smaller,
 * not wrong.
 */
final class ArchiveTraining {

    /** The system property that asks for this run instead of a real start. */
    static final String PROPERTY = "turnstile.cds.training";

    private static final int TIMEOUT_MILLIS = 5000;

    private ArchiveTraining() {
    }

    /** @return whether this JVM was started to make the archive */
    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    static void run(Options options, LoadedPlugins plugins) throws StartupException {
        ServerConfig config = options.server().withHost("127.0.0.1").withPort(0);
        try (DataDirLock lock = DataDirLock.acquire(config.dataDir());
                TurnstileServer server = TurnstileServer.start(config.withDataDir(lock.dir()), plugins.list())) {
            if (!config.tlsEnabled()) {
                request(server.address());
            }
        }
    }

    /** Sends one {@code /routes} and reads its answer (a 401); a failure only leaves the archive smaller. */
    private static void request(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write("{\"url\":\"/routes\"}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            int b;
            do {
                b = in.read();
            } while (b != -1 && b != '\n');
        } catch (IOException e) {
            // Nothing to report: the archive is made from what was loaded up to here.
        }
    }
}
