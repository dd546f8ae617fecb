package dev.turnstile.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** Opens the socket a client talks over: plain TCP, or TLS on top of it. */
final class Transport {

    private Transport() {
    }

    static Socket open(ClientOptions options) throws IOException {
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            throw new IOException("unknown host " + options.host());
        }
        int timeout = (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis());
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, timeout);
            if (options.tls() == null) {
                return socket;
            }
            return handshake(socket, options, timeout);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** @return the server as error messages and the known-servers file name it */
    static String server(ClientOptions options) {
        return KnownServersFile.serverName(options.host(), options.port());
    }

    private static Socket handshake(Socket plain, ClientOptions options, int timeout) throws IOException {
        String server = server(options);
        CertificateCheck check = options.tls().check(server);
        SSLSocket tls = (SSLSocket) TlsTrust.socketFactory(check)
                .createSocket(plain, options.host(), options.port(), true);
        if (options.tls().checksHostname()) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
        }
        // A server that accepts but never answers the handshake must not hang the caller.
        tls.setSoTimeout(timeout);
        try {
            tls.startHandshake();
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
        tls.setSoTimeout(0);
        check.handshakeDone();
        return tls;
    }

    /** @return whether the runtime read the server's first bytes as something that is no TLS record */
    private static boolean answeredInPlainText(SSLException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Unsupported or unrecognized SSL message") || message.contains("plaintext connection");
    }
}
