package dev.turnstile.client;

import java.nio.file.Path;

/**
 * A server certificate that {@link TlsTrust#trustOnFirstUse} has just written into its known-servers
 * file: at the first connection to a server, or when {@link TlsTrust#acceptingCertificate} accepted
 * a new one.
 *
 * @param server the server as the file names it, {@code host:port}
 * @param fingerprint the certificate's SHA-256 fingerprint, {@code SHA256:ab:cd:…}
 * @param replaced the fingerprint remembered before, or {@code null} at a first connection
 * @param file the known-servers file
 */
public record RememberedCertificate(String server, String fingerprint, String replaced, Path file) {
}
