package dev.turnstile.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a server and who to say we are. Immutable: start from {@link #defaults()} and
 * change what differs with the {@code with…} methods, which return changed copies.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.defaults()
 *         .withHost("10.0.0.5")
 *         .withTls(TlsTrust.certificate(Path.of("server.pem")));
 * }</pre>
 *
 * @param host the server's host name or address; default {@code 127.0.0.1}
 * @param port the server's port; default 8888
 * @param tls how to trust the server's certificate, or {@code null} for a plain connection
 * @param connectTimeout how long to wait for the TCP connection (and the TLS handshake)
 * @param maxInFlight how many requests may await their answer at once; more wait to be sent
 * @param hostname what {@link TurnstileClient#login()} sends as {@code hostname}, or
 *     {@code null} for this machine's name
 * @param secret what {@link TurnstileClient#login()} sends as {@code secret}, or {@code null} to
 *     take it from the environment variable {@value #SECRET_VARIABLE} (none if that is unset)
 * @param bandwidthLimit the most bytes a second the connection moves, both ways together (a
 *     token bucket, as rsync's {@code --bwlimit}), or 0 for no limit
 */
public record ClientOptions(String host, int port, TlsTrust tls, Duration connectTimeout,
        int maxInFlight, String hostname, String secret, long bandwidthLimit) {

    /** The environment variable that {@link TurnstileClient#login()} reads the secret from. */
    public static final String SECRET_VARIABLE = "TURNSTILE_AUTH_SECRET";

    /** Validates the values. */
    public ClientOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, not " + port);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
        }
        if (bandwidthLimit < 0) {
            throw new IllegalArgumentException("bandwidthLimit must not be negative, not " + bandwidthLimit);
        }
        if (connectTimeout.isNegative()) {
            throw new IllegalArgumentException("connectTimeout must not be negative");
        }
    }

    /** @return {@code 127.0.0.1:8888}, plain, 10 s to connect, 256 requests in flight, no bandwidth limit */
    public static ClientOptions defaults() {
        return new ClientOptions("127.0.0.1", 8888, null, Duration.ofSeconds(10), 256, null, null, 0);
    }

    public ClientOptions withHost(String value) {
        return new ClientOptions(value, port, tls, connectTimeout, maxInFlight, hostname, secret, bandwidthLimit);
    }

    public ClientOptions withPort(int value) {
        return new ClientOptions(host, value, tls, connectTimeout, maxInFlight, hostname, secret, bandwidthLimit);
    }

    public ClientOptions withTls(TlsTrust value) {
        return new ClientOptions(host, port, value, connectTimeout, maxInFlight, hostname, secret, bandwidthLimit);
    }

    public ClientOptions withConnectTimeout(Duration value) {
        return new ClientOptions(host, port, tls, value, maxInFlight, hostname, secret, bandwidthLimit);
    }

    public ClientOptions withMaxInFlight(int value) {
        return new ClientOptions(host, port, tls, connectTimeout, value, hostname, secret, bandwidthLimit);
    }

    public ClientOptions withHostname(String value) {
        return new ClientOptions(host, port, tls, connectTimeout, maxInFlight, value, secret, bandwidthLimit);
    }

    public ClientOptions withSecret(String value) {
        return new ClientOptions(host, port, tls, connectTimeout, maxInFlight, hostname, value, bandwidthLimit);
    }

    public ClientOptions withBandwidthLimit(long value) {
        return new ClientOptions(host, port, tls, connectTimeout, maxInFlight, hostname, secret, value);
    }

    /** The secret is left out, so that options can be logged. */
    @Override
    public String toString() {
        return "ClientOptions[host=" + host + ", port=" + port + ", tls=" + (tls != null)
                + ", connectTimeout=" + connectTimeout + ", maxInFlight=" + maxInFlight
                + ", hostname=" + hostname + ", bandwidthLimit=" + bandwidthLimit + ", secret=" + (secret == null ? "unset" : "set") + "]";
    }
}
