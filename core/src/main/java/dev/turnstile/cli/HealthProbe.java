package dev.turnstile.cli;

import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.ServerTls;
import dev.turnstile.startup.StartupException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * {@code turnstile --health}: whether the server these settings describe answers, for a supervisor
 * or a monitor on the same machine, which needs no secret for it. It connects to the configured
 * host and port (the loopback address for a wildcard such as {@code 0.0.0.0}), over TLS when the
 * server speaks it, trusting exactly the server's own certificate, read from its keystore or, with
 * {@code tls=auto}, from its data folder; it sends one request without a token and counts any
 * framed answer ({@code {"code":401,…}}, or 503 while another client holds the server) as healthy.
 *
 * <p>Exit code 0 and one line on standard output when it answered; 1 and one line on standard error
 * when it did not within {@value #TIMEOUT_MILLIS} ms, naming what failed. The probe shows in the
 * server's log as a connection, and in {@code /stats} as a 401 of {@code /stats}.
 */
final class HealthProbe {

    static final int HEALTHY = 0;
    static final int NOT_HEALTHY = 1;
    /** How long the probe waits for each step: the connection, the handshake, the answer. */
    static final int TIMEOUT_MILLIS = 5000;
    private static final byte[] REQUEST = "{\"url\":\"/stats\"}\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LINE = 64 * 1024;
    private static final Pattern ANSWER = Pattern.compile("\\{\"code\":([0-9]{3})[,}].*");

    private HealthProbe() {
    }

    /**
     * @param config the server's configuration: host, port and TLS
     * @return 0 when the server answered, 1 when it did not
     * @throws StartupException when the server's certificate cannot be read (TLS only)
     */
    static int run(ServerConfig config, PrintStream out, PrintStream err) throws StartupException {
        X509Certificate certificate = ServerTls.certificate(config);
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(target(config.host()), config.port());
        } catch (UnknownHostException e) {
            err.println("turnstile: not healthy: " + config.host() + " does not resolve; check --host");
            return NOT_HEALTHY;
        }
        String where = hostText(address) + (certificate == null ? "" : " (TLS)");
        try (Socket socket = open(address, certificate)) {
            socket.getOutputStream().write(REQUEST);
            socket.getOutputStream().flush();
            String line = readLine(socket.getInputStream());
            Matcher answer = ANSWER.matcher(line == null ? "" : line);
            if (!answer.matches()) {
                err.println("turnstile: not healthy: " + where + " answered something that is not a Turnstile answer"
                        + (line == null ? " (it closed the connection)" : ""));
                return NOT_HEALTHY;
            }
            String code = answer.group(1);
            out.println("turnstile: healthy: " + where + " answered " + code
                    + (code.equals("503") ? " (busy with another client)" : " to a request without a token"));
            return HEALTHY;
        } catch (SocketTimeoutException e) {
            err.println("turnstile: not healthy: " + where + " did not answer in " + TIMEOUT_MILLIS / 1000 + " s"
                    + " (hung, or, with busy=queue, holding this probe behind a client)");
        } catch (SSLException e) {
            err.println("turnstile: not healthy: the TLS handshake with " + where + " failed: " + reason(e));
        } catch (IOException e) {
            err.println("turnstile: not healthy: cannot reach " + where + ": " + reason(e));
        } catch (GeneralSecurityException e) {
            err.println("turnstile: not healthy: cannot set up TLS: " + reason(e));
        }
        return NOT_HEALTHY;
    }

    /** @return where to connect: the host, or for a wildcard the loopback address of its family */
    private static InetAddress target(String host) throws UnknownHostException {
        InetAddress bound = InetAddress.getByName(host);
        if (!bound.isAnyLocalAddress()) {
            return bound;
        }
        return InetAddress.getByName(bound instanceof Inet6Address ? "::1" : "127.0.0.1");
    }

    private static Socket open(InetSocketAddress address, X509Certificate certificate)
            throws IOException, GeneralSecurityException {
        Socket plain = new Socket();
        try {
            plain.connect(address, TIMEOUT_MILLIS);
            plain.setSoTimeout(TIMEOUT_MILLIS);
            if (certificate == null) {
                return plain;
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new OwnCertificate(certificate)}, null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, address.getHostString(),
                    address.getPort(), true);
            tls.setSoTimeout(TIMEOUT_MILLIS);
            tls.startHandshake();
            return tls;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** @return the first line, without its newline; {@code null} when the stream ended before any byte */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n' && line.size() < MAX_LINE) {
            line.write(b);
        }
        return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    private static String hostText(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static String reason(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        return StartupException.oneLine(message != null ? message : cause.getClass().getSimpleName());
    }

    /** Trusts exactly the server's own certificate: the probe runs beside the server and reads it there. */
    private static final class OwnCertificate implements X509TrustManager {

        private final X509Certificate expected;

        OwnCertificate(X509Certificate expected) {
            this.expected = expected;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0 || !chain[0].equals(expected)) {
                throw new CertificateException("the server presents another certificate than the one in its"
                        + " keystore; is another program listening on this port?");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the probe is a client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
