package dev.turnstile.client.cli;

import dev.turnstile.client.ClientOptions;
import dev.turnstile.client.ProtocolMismatchException;
import dev.turnstile.client.TurnstileException;
import dev.turnstile.client.UntrustedCertificateException;
import java.nio.file.Path;

/**
 * Turns a failed connection or login into the one line that says what to do about it, naming the
 * option that changes the outcome: a certificate the client does not trust (with its fingerprint
 * and the option that trusts it), a plain client on a TLS port or the reverse, a missing or a
 * wrong login secret.
 *
 * @param tlsOption the option that asked for TLS ({@code --tls}, {@code --trust-cert},
 *     {@code --trust-store}, {@code --accept-cert}), or {@code null} for a plain connection
 * @param trustFile the file of {@code --trust-cert} or {@code --trust-store}, else {@code null}
 * @param knownServers the known-servers file of {@code --tls}
 * @param secretSource where the login secret came from ({@code TURNSTILE_AUTH_SECRET},
 *     {@code --ask-secret}, {@code --secret}), or {@code null} when none was sent
 */
record FailureAdvice(String tlsOption, Path trustFile, Path knownServers, String secretSource) {

    CliFailure untrusted(UntrustedCertificateException e) {
        String server = e.server();
        String presented = e.fingerprint();
        String accept = "--accept-cert " + presented;
        String line = switch (e.reason()) {
            case CHANGED -> "the certificate of " + server + " has changed: it was " + e.expected() + ", it is now "
                    + presented + ". Nothing was sent: this is what an interception looks like. If the server's"
                    + " certificate was replaced on purpose (the server's log names its fingerprint), accept the"
                    + " new one with " + accept + " (known servers: " + knownServers + ")";
            case NOT_ACCEPTED -> server + " presents the certificate " + presented + ", not " + e.expected()
                    + " that --accept-cert names; nothing was sent";
            case NOT_PINNED -> server + " presents the certificate " + presented + ", which is not the one in "
                    + trustFile + (e.expected() == null ? "" : " (" + e.expected() + ")") + "; nothing was sent. If the"
                    + " server's certificate was replaced on purpose, put the new one in " + trustFile
                    + ", or trust it with " + accept + " instead of --trust-cert";
            case WRONG_HOST -> server + " presents a certificate that a trusted authority signed for another host name ("
                    + presented + "); connect with the name it was made for, or trust this certificate with " + accept;
            case NO_AUTHORITY -> server + " presents a certificate that no authority " + (trustFile == null
                    ? "of the Java runtime" : "in " + trustFile) + " signs (" + presented + "); nothing was sent."
                    + " To trust this certificate itself, compare its fingerprint with the server's log and connect"
                    + " with " + accept;
        };
        return new CliFailure(ExitCode.IO, line);
    }

    CliFailure mismatch(ProtocolMismatchException e) {
        if (e.serverSpeaksTls()) {
            return new CliFailure(ExitCode.IO, e.getMessage() + "; connect with --tls (or --trust-cert FILE)");
        }
        return new CliFailure(ExitCode.IO, e.getMessage() + "; connect without " + tlsOption);
    }

    CliFailure loginRefused(String where, TurnstileException e) {
        if (e.code() != 401) {
            return new CliFailure(ExitCode.ANSWER, "login refused by " + where + ": " + e.getMessage());
        }
        if (secretSource == null) {
            return new CliFailure(ExitCode.ANSWER, where + " asks for a login secret (it answered: " + e.error()
                    + "); set " + ClientOptions.SECRET_VARIABLE + ", or use --ask-secret to type it");
        }
        return new CliFailure(ExitCode.ANSWER, where + " refused the login secret from " + secretSource
                + " (it answered: " + e.error() + "); check " + ClientOptions.SECRET_VARIABLE
                + ", or use --ask-secret to type it");
    }

    /** The connection ended before the login's answer: on a plain one, a TLS server is the likely cause. */
    CliFailure lostWhileLoggingIn(String where, Exception e) {
        String hint = tlsOption == null ? "; if the server speaks TLS, connect with --tls" : "";
        return new CliFailure(ExitCode.IO, "lost the connection to " + where + " while logging in: " + e.getMessage() + hint);
    }
}
