package dev.turnstile.client.cli;

import dev.turnstile.client.ClientOptions;
import dev.turnstile.client.ProtocolMismatchException;
import dev.turnstile.client.TurnstileClient;
import dev.turnstile.client.TurnstileException;
import dev.turnstile.client.UntrustedCertificateException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;

/**
 * Connects and logs in, turning each way that can fail into a {@link CliFailure} with its exit
 * code and, through {@link FailureAdvice}, the option that would help. A busy server (503) is
 * either reported or, with {@code --wait}, retried until the client that holds it leaves.
 */
final class Connector {

    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long LAST_RETRY_MILLIS = 1000;

    private final ClientOptions options;
    private final boolean wait;
    private final PrintStream err;
    private final FailureAdvice advice;
    /** {@code --compress}: whether the folder opened on a connection compresses raw chunks. */
    private final boolean compress;

    Connector(ClientOptions options, boolean wait, PrintStream err, FailureAdvice advice) {
        this(options, wait, err, advice, false);
    }

    private Connector(ClientOptions options, boolean wait, PrintStream err, FailureAdvice advice, boolean compress) {
        this.options = options;
        this.wait = wait;
        this.err = err;
        this.advice = advice;
        this.compress = compress;
    }

    /** @return this connector, for connections that keep to {@code bytesPerSecond} (0: no limit) */
    Connector withBandwidthLimit(long bytesPerSecond) {
        return new Connector(options.withBandwidthLimit(bytesPerSecond), wait, err, advice, compress);
    }

    /** @return this connector, whose folders compress raw chunks both ways ({@code --compress}) */
    Connector withCompression() {
        return new Connector(options, wait, err, advice, true);
    }

    /** @return whether the folders opened through this connector compress raw chunks */
    boolean compresses() {
        return compress;
    }

    String where() {
        String host = options.host();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + options.port();
    }

    TurnstileClient open() throws CliFailure {
        long delay = FIRST_RETRY_MILLIS;
        boolean announced = false;
        while (true) {
            TurnstileClient client = connect();
            try {
                client.login();
                return client;
            } catch (TurnstileException e) {
                client.close();
                if (!e.isBusy()) {
                    throw advice.loginRefused(where(), e);
                }
                if (!wait) {
                    throw new CliFailure(ExitCode.BUSY, where() + " is busy: another client holds the server"
                            + " (Turnstile serves one client at a time); try again later, or use --wait");
                }
                if (!announced) {
                    err.println("another client holds " + where() + "; waiting for it to leave (Ctrl-C to give up)");
                    announced = true;
                }
                pause(delay);
                delay = Math.min(delay * 2, LAST_RETRY_MILLIS);
            } catch (ProtocolMismatchException e) {
                client.close();
                throw advice.mismatch(e);
            } catch (IOException e) {
                client.close();
                throw advice.lostWhileLoggingIn(where(), e);
            }
        }
    }

    private TurnstileClient connect() throws CliFailure {
        try {
            return TurnstileClient.connect(options);
        } catch (ConnectException e) {
            throw new CliFailure(ExitCode.IO, "cannot connect to " + where() + ": " + e.getMessage()
                    + "; is the server running?");
        } catch (UntrustedCertificateException e) {
            throw advice.untrusted(e);
        } catch (ProtocolMismatchException e) {
            throw advice.mismatch(e);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.IO, "cannot connect to " + where() + ": " + e.getMessage());
        }
    }

    private static void pause(long millis) throws CliFailure {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.BUSY, "interrupted while waiting for the server");
        }
    }
}
