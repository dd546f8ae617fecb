package dev.turnstile.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the server needs to run, already validated. {@link #defaults()} gives the documented
 * defaults; the {@code with…} methods return changed copies. {@link #toString()} never shows the
 * login secret or the TLS password.
 *
 * @param host the address to bind, {@code 127.0.0.1} by default
 * @param port the port, 0 for any free one
 * @param busy what to do with a second client
 * @param idleTimeout how long a silent client may stay connected; zero for ever
 * @param loginTimeout how long a client may stay connected without logging in; zero for ever
 * @param maxRequestBytes the largest request after login
 * @param maxPendingBytes unsent response bytes above which the server stops reading
 * @param dataDir the folder where handlers keep their files
 * @param authSecret the secret {@code /login} requires, or {@code null} for none
 * @param tlsKeystore the PKCS12 keystore that turns TLS on, or {@code null} for plain TCP
 * @param tlsPassword the keystore's password, or {@code null} for none
 */
public record ServerConfig(
        String host,
        int port,
        BusyPolicy busy,
        Duration idleTimeout,
        Duration loginTimeout,
        int maxRequestBytes,
        int maxPendingBytes,
        Path dataDir,
        String authSecret,
        Path tlsKeystore,
        String tlsPassword) {

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
        if (authSecret != null && authSecret.isEmpty()) {
            throw new IllegalArgumentException("the login secret must not be empty");
        }
    }

    /** @return the defaults of the specification, with {@code data/} of the working directory */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 8888, BusyPolicy.REJECT, Duration.ofSeconds(300),
                Duration.ofSeconds(10), 1024 * 1024, 4 * 1024 * 1024, Path.of("data"), null, null, null);
    }

    public ServerConfig withHost(String value) {
        return new ServerConfig(value, port, busy, idleTimeout, loginTimeout, maxRequestBytes, maxPendingBytes, dataDir,
                authSecret, tlsKeystore, tlsPassword);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, busy, idleTimeout, loginTimeout, maxRequestBytes, maxPendingBytes, dataDir,
                authSecret, tlsKeystore, tlsPassword);
    }

    public ServerConfig withBusy(BusyPolicy value) {
        return new ServerConfig(host, port, value, idleTimeout, loginTimeout, maxRequestBytes, maxPendingBytes, dataDir,
                authSecret, tlsKeystore, tlsPassword);
    }

    public ServerConfig withIdleTimeout(Duration value) {
        return new ServerConfig(host, port, busy, value, loginTimeout, maxRequestBytes, maxPendingBytes, dataDir,
                authSecret, tlsKeystore, tlsPassword);
    }

    public ServerConfig withLoginTimeout(Duration value) {
        return new ServerConfig(host, port, busy, idleTimeout, value, maxRequestBytes, maxPendingBytes, dataDir,
                authSecret, tlsKeystore, tlsPassword);
    }

    public ServerConfig withMaxRequestBytes(int value) {
        return new ServerConfig(host, port, busy, idleTimeout, loginTimeout, value, maxPendingBytes, dataDir,
                authSecret, tlsKeystore, tlsPassword);
    }

    public ServerConfig withMaxPendingBytes(int value) {
        return new ServerConfig(host, port, busy, idleTimeout, loginTimeout, maxRequestBytes, value, dataDir,
                authSecret, tlsKeystore, tlsPassword);
    }

    public ServerConfig withDataDir(Path value) {
        return new ServerConfig(host, port, busy, idleTimeout, loginTimeout, maxRequestBytes, maxPendingBytes, value,
                authSecret, tlsKeystore, tlsPassword);
    }

    /** @param value the secret {@code /login} requires, or {@code null} for none */
    public ServerConfig withAuthSecret(String value) {
        return new ServerConfig(host, port, busy, idleTimeout, loginTimeout, maxRequestBytes, maxPendingBytes, dataDir,
                value, tlsKeystore, tlsPassword);
    }

    /**
     * @param keystore a PKCS12 keystore holding the server's key and certificate, or {@code null} for plain TCP
     * @param password its password, or {@code null} for none
     */
    public ServerConfig withTls(Path keystore, String password) {
        return new ServerConfig(host, port, busy, idleTimeout, loginTimeout, maxRequestBytes, maxPendingBytes, dataDir,
                authSecret, keystore, password);
    }

    /**
     * The options a handler may read through {@link dev.turnstile.spi.HandlerContext#setting}, by
     * their property keys. The TLS password is not among them: no handler needs it.
     *
     * @return the set options as text
     */
    Map<String, String> handlerSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("host", host);
        settings.put("port", Integer.toString(port));
        settings.put("busy", busy.name().toLowerCase(java.util.Locale.ROOT));
        settings.put("idle-timeout", Long.toString(idleTimeout.toSeconds()));
        settings.put("login-timeout", Long.toString(loginTimeout.toSeconds()));
        settings.put("max-request-bytes", Integer.toString(maxRequestBytes));
        settings.put("max-pending-bytes", Integer.toString(maxPendingBytes));
        settings.put("data-dir", dataDir.toString());
        if (authSecret != null) {
            settings.put("auth-secret", authSecret);
        }
        if (tlsKeystore != null) {
            settings.put("tls-keystore", tlsKeystore.toString());
        }
        return settings;
    }

    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", busy=" + busy + ", idleTimeout=" + idleTimeout
                + ", loginTimeout=" + loginTimeout + ", maxRequestBytes=" + maxRequestBytes + ", maxPendingBytes="
                + maxPendingBytes + ", dataDir=" + dataDir + ", authSecret=" + (authSecret == null ? "unset" : "set")
                + ", tlsKeystore=" + tlsKeystore + ", tlsPassword=" + (tlsPassword == null ? "unset" : "set") + "]";
    }
}
