package dev.turnstile.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the server needs to run, already validated. {@link #defaults()} gives the documented
 * defaults; the {@code with…} methods return changed copies.
 *
 * @param host the address to bind, {@code 127.0.0.1} by default
 * @param port the port, 0 for any free one
 * @param busy what to do with a second client
 * @param idleTimeout how long a silent client may stay connected; zero for ever
 * @param loginTimeout how long a client may stay connected without logging in; zero for ever
 * @param maxRequestBytes the largest request after login
 * @param maxPendingBytes unsent response bytes above which the server stops reading
 * @param dataDir the folder where handlers keep their files
 */
public record ServerConfig(
        String host,
        int port,
        BusyPolicy busy,
        Duration idleTimeout,
        Duration loginTimeout,
        int maxRequestBytes,
        int maxPendingBytes,
        Path dataDir) {

    /** The request size limit before a client has logged in. */
    public static final int MAX_LOGIN_REQUEST_BYTES = 16 * 1024;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(busy, "busy");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(loginTimeout, "loginTimeout");
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
        }
        if (idleTimeout.isNegative() || loginTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must not be negative");
        }
        if (maxRequestBytes < 64 || maxPendingBytes < 64) {
            throw new IllegalArgumentException("size limits must be at least 64 bytes");
        }
    }

    /** @return the defaults of the specification, with {@code data/} of the working directory */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 8888, BusyPolicy.REJECT, Duration.ofSeconds(300),
                Duration.ofSeconds(10), 1024 * 1024, 4 * 1024 * 1024, Path.of("data"));
    }

    public ServerConfig withHost(String value) {
        return new ServerConfig(value, port, busy, idleTimeout, loginTimeout, maxRequestBytes, maxPendingBytes, dataDir);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, busy, idleTimeout, loginTimeout, maxRequestBytes, maxPendingBytes, dataDir);
    }

    public ServerConfig withBusy(BusyPolicy value) {
        return new ServerConfig(host, port, value, idleTimeout, loginTimeout, maxRequestBytes, maxPendingBytes, dataDir);
    }

    public ServerConfig withIdleTimeout(Duration value) {
        return new ServerConfig(host, port, busy, value, loginTimeout, maxRequestBytes, maxPendingBytes, dataDir);
    }

    public ServerConfig withLoginTimeout(Duration value) {
        return new ServerConfig(host, port, busy, idleTimeout, value, maxRequestBytes, maxPendingBytes, dataDir);
    }

    public ServerConfig withMaxRequestBytes(int value) {
        return new ServerConfig(host, port, busy, idleTimeout, loginTimeout, value, maxPendingBytes, dataDir);
    }

    public ServerConfig withMaxPendingBytes(int value) {
        return new ServerConfig(host, port, busy, idleTimeout, loginTimeout, maxRequestBytes, value, dataDir);
    }

    public ServerConfig withDataDir(Path value) {
        return new ServerConfig(host, port, busy, idleTimeout, loginTimeout, maxRequestBytes, maxPendingBytes, value);
    }
}
