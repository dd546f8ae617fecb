package dev.turnstile.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A PKCS12 keystore made by the JDK's own {@code keytool} in a temporary folder, once per test
 * JVM, with a self-signed certificate for {@code 127.0.0.1}; and a client context that trusts it.
 * Nothing of it is committed.
 */
public final class TestKeystore {

    public static final String PASSWORD = "test-store-password";

    private static Path file;

    private TestKeystore() {
    }

    /** @return the keystore file, created on first use */
    public static synchronized Path file() {
        if (file == null) {
            try {
                Path dir = Files.createTempDirectory("turnstile-tls");
                dir.toFile().deleteOnExit();
                Path store = dir.resolve("server.p12");
                keytool(List.of("-genkeypair", "-alias", "turnstile", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD,
                        "-keypass", PASSWORD));
                store.toFile().deleteOnExit();
                file = store;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    /** Runs the JDK's keytool with the given arguments and fails with its output if it fails. */
    public static void keytool(List<String> arguments) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>();
        command.add(keytool.toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }

    /** @return a client context that trusts exactly the certificate of {@link #file()} */
    public static SSLContext clientContext(String... protocols) {
        try {
            KeyStore server = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file())) {
                server.load(in, PASSWORD.toCharArray());
            }
            Certificate certificate = server.getCertificate("turnstile");
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("turnstile", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance(protocols.length == 1 ? protocols[0] : "TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
