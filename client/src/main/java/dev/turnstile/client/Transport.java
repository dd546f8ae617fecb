package dev.turnstile.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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

    private static Socket handshake(Socket plain, ClientOptions options, int timeout) throws IOException {
        SSLSocket tls = (SSLSocket) options.tls().socketFactory()
                .createSocket(plain, options.host(), options.port(), true);
        if (options.tls().checksHostname()) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
        }
        // A server that accepts but never answers the handshake must not hang the caller.
        tls.setSoTimeout(timeout);
        tls.startHandshake();
        tls.setSoTimeout(0);
        return tls;
    }
}
