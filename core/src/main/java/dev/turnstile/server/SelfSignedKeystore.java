package dev.turnstile.server;

import dev.turnstile.startup.StartupException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key pair and self-signed certificate of {@code tls=auto}: made on the first start in
 * {@code <data-dir>/tls/server.p12} (the folder 0700, the file 0600) and reused at every later one,
 * so that clients which trust a server on first use keep trusting it.
 *
 * <p>The JDK has no public API that makes a certificate, so the runtime's own {@code keytool}
 * ({@code $java.home/bin/keytool}, part of every JDK and JRE image that has {@code java.base}'s
 * tools) makes it, once, as a process: no new dependency, and no certificate encoder of our own to
 * get wrong. It writes into the owner-only folder under a temporary name; the file is then made
 * owner-only, forced to disk and renamed into place, so a crash leaves no half-written keystore.
 *
 * <p>The keystore's password is a fixed word ({@link #PASSWORD}): PKCS12 wants one, but whoever can
 * read the file can read the server's configuration too. What keeps the key private is the file's
 * permissions, the same that keep {@code connection/TOKEN} private.
 */
final class SelfSignedKeystore {

    private static final Logger LOG = LoggerFactory.getLogger(SelfSignedKeystore.class);

    /** The keystore's password: not a secret (see the class comment). */
    static final String PASSWORD = "turnstile";
    private static final String ALIAS = "turnstile";
    /** Ten years: a certificate trusted on first use is pinned as it is, so its end date only gets in the way. */
    private static final int VALIDITY_DAYS = 3650;
    private static final long KEYTOOL_SECONDS = 60;
    private static final int MAX_OUTPUT = 300;

    private final Path javaHome;

    /**
     * @param javaHome the runtime whose {@code bin/keytool} makes the certificate
     */
    SelfSignedKeystore(Path javaHome) {
        this.javaHome = javaHome;
    }

    /** @return the keystore of {@code tls=auto} in a data folder, whether or not it exists yet */
    static Path file(Path dataDir) {
        return dataDir.resolve("tls").resolve("server.p12");
    }

    /**
     * Makes the keystore if the data folder has none yet.
     *
     * @param dataDir the data folder, created
     * @param names the certificate's subject alternative names, as keytool takes them
     *     ({@code dns:box.example.org}, {@code ip:192.0.2.7}); the first {@code dns:} one is also its
     *     common name
     * @return whether it was made now (otherwise it was there already)
     * @throws StartupException when the folder cannot be made private or keytool cannot run; the
     *     line names the fix
     */
    boolean makeIfMissing(Path dataDir, List<String> names) throws StartupException {
        Path file = file(dataDir);
        Path folder = file.getParent();
        privateFolder(folder);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new StartupException(file + " is not a regular file; remove it, and the server makes its TLS"
                        + " key pair there at its next start");
            }
            return false;
        }
        Path keytool = requireKeytool();
        Path temporary = folder.resolve(".server-" + UUID.randomUUID() + ".p12");
        try {
            run(keytool, command(keytool, temporary, names));
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (UnsupportedOperationException e) {
            throw new StartupException("cannot make the key pair of --tls auto: this file system has no owner-only"
                    + " permissions; make a keystore yourself and give it with --tls-keystore (docs/security.md)", e);
        } catch (FileAlreadyExistsException e) {
            // Another process made it at the same moment: it is as good as ours.
        } catch (IOException e) {
            throw new StartupException("cannot make the key pair of --tls auto in " + folder + ": "
                    + DataFolder.reason(e) + "; fix the data folder's permissions or choose another --data-dir", e);
        } finally {
            deleteQuietly(temporary);
        }
        LOG.info("made a TLS key pair and a self-signed certificate for {} in {}", String.join(", ", names), file);
        return true;
    }

    /** Creates the folder owner-only, or makes an existing one owner-only; a link in its place is refused. */
    private static void privateFolder(Path folder) throws StartupException {
        try {
            if (Files.isSymbolicLink(folder) || Files.exists(folder) && !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                throw new StartupException(folder + " is not a folder; remove it, and the server makes its TLS key pair"
                        + " there at its next start");
            }
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            throw new StartupException("cannot keep the key pair of --tls auto private: this file system has no"
                    + " owner-only permissions; make a keystore yourself and give it with --tls-keystore (docs/security.md)", e);
        } catch (IOException e) {
            throw new StartupException("cannot create " + folder + " for the key pair of --tls auto: "
                    + DataFolder.reason(e) + "; fix the data folder's permissions or choose another --data-dir", e);
        }
    }

    /**
     * @return the runtime's keytool
     * @throws StartupException when the runtime has none, naming the way out
     */
    Path requireKeytool() throws StartupException {
        for (String name : List.of("keytool", "keytool.exe")) {
            Path candidate = javaHome.resolve("bin").resolve(name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new StartupException("cannot make the key pair of --tls auto: this Java runtime has no "
                + javaHome.resolve("bin").resolve("keytool") + "; run the server on a runtime that has it,"
                + " or make a keystore yourself and give it with --tls-keystore (docs/security.md)");
    }

    private static List<String> command(Path keytool, Path keystore, List<String> names) {
        String commonName = names.stream().filter(n -> n.startsWith("dns:")).map(n -> n.substring(4)).findFirst()
                .orElse("turnstile");
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", Integer.toString(VALIDITY_DAYS),
                "-dname", "CN=" + commonName, "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (!names.isEmpty()) {
            command.add("-ext");
            command.add("SAN=" + String.join(",", names));
        }
        return command;
    }

    private static void run(Path keytool, List<String> command) throws StartupException, IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream in = process.getInputStream()) {
            String output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(KEYTOOL_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new StartupException("cannot make the key pair of --tls auto: " + keytool + " did not finish in "
                        + KEYTOOL_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                String said = StartupException.oneLine(output);
                throw new StartupException("cannot make the key pair of --tls auto: " + keytool + " failed ("
                        + (said.length() > MAX_OUTPUT ? said.substring(0, MAX_OUTPUT) + "…" : said)
                        + "); make a keystore yourself and give it with --tls-keystore (docs/security.md)");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while making the key pair of --tls auto", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", file, e.toString());
        }
    }
}
