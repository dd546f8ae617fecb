package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A server key pair and self-signed certificate for {@code 127.0.0.1}, made by the JDK's
 * {@code keytool} in a test's folder: {@code NAME.p12} (the server's keystore), {@code NAME.pem}
 * and {@code NAME.der} (the certificate), {@code NAME-trust.p12} (a trust store holding it).
 */
public record ServerKeys(Path keystore, Path pem, Path der, Path trustStore) {

    public static final String PASSWORD = "changeit";

    /** Makes the files of {@code name} in {@code folder}. */
    public static ServerKeys make(Path folder, String name) throws Exception {
        keytool(folder, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=turnstile-test", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-keystore", name + ".p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool(folder, "-exportcert", "-alias", "server", "-rfc", "-file", name + ".pem",
                "-keystore", name + ".p12", "-storepass", PASSWORD);
        keytool(folder, "-exportcert", "-alias", "server", "-file", name + ".der",
                "-keystore", name + ".p12", "-storepass", PASSWORD);
        keytool(folder, "-importcert", "-noprompt", "-alias", "server", "-file", name + ".der",
                "-keystore", name + "-trust.p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
        return new ServerKeys(folder.resolve(name + ".p12"), folder.resolve(name + ".pem"),
                folder.resolve(name + ".der"), folder.resolve(name + "-trust.p12"));
    }

    /**
     * @return the SHA-256 fingerprint of the certificate, {@code SHA256:ab:cd:…}, computed here
     *     from the DER file rather than by the code under test
     */
    public String fingerprint() throws Exception {
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(der)) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return "SHA256:" + HexFormat.ofDelimiter(":").formatHex(digest);
    }

    private static void keytool(Path folder, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), "keytool " + String.join(" ", arguments) + ": " + output);
    }
}
