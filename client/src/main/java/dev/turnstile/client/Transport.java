package dev.turnstile.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/** Opens the connection a client talks over: plain TCP, or TLS on top of it. */
final class Transport {

    private Transport() {
    }

    /**
     * @param writeLock the client's write lock, which a TLS connection's reader takes (without
     *     waiting) to answer a handshake message
     */
    static Connection open(ClientOptions options, ReentrantLock writeLock) throws IOException {
        Connection connection = connect(options, writeLock);
        if (options.bandwidthLimit() == 0) {
            return connection;
        }
        return new ThrottledConnection(connection, new TokenBucket(options.bandwidthLimit(), TokenBucket.SYSTEM));
    }

    private static Connection connect(ClientOptions options, ReentrantLock writeLock) throws IOException {
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            throw new IOException("unknown host " + options.host());
        }
        int timeout = (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis());
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().setTcpNoDelay(true);
            channel.socket().connect(address, timeout);
            if (options.tls() == null) {
                return new PlainConnection(channel);
            }
            return handshake(channel, options, timeout, writeLock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** @return the server as error messages and the known-servers file name it */
    static String server(ClientOptions options) {
        return KnownServersFile.serverName(options.host(), options.port());
    }

    private static Connection handshake(SocketChannel channel, ClientOptions options, int timeout,
            ReentrantLock writeLock) throws IOException {
        String server = server(options);
        CertificateCheck check = options.tls().check(server);
        SSLEngine engine = TlsTrust.context(check).createSSLEngine(options.host(), options.port());
        engine.setUseClientMode(true);
        if (options.tls().checksHostname()) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        TlsConnection connection;
        try {
            // A server that accepts but never answers the handshake must not hang the caller.
            connection = TlsConnection.handshake(channel, engine, writeLock, timeout);
        } catch (SocketTimeoutException e) {
            String wait = timeout % 1000 == 0 ? timeout / 1000 + " s" : timeout + " ms";
            throw new ProtocolMismatchException(server, false, server + " did not answer the TLS handshake in "
                    + wait + ": it may not speak TLS", e);
        } catch (SSLException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof CertificateCheck.Refusal refusal) {
                    throw new UntrustedCertificateException(server, refusal.reason, refusal.fingerprint,
                            refusal.expected, e);
                }
            }
            if (answeredInPlainText(e)) {
                throw new ProtocolMismatchException(server, false, server
                        + " answered the TLS handshake in plain text: it does not speak TLS", e);
            }
            throw e;
        }
        check.handshakeDone();
        return connection;
    }

    /** @return whether the runtime read the server's first bytes as something that is no TLS record */
    private static boolean answeredInPlainText(SSLException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Unsupported or unrecognized SSL message") || message.contains("plaintext connection");
    }
}
