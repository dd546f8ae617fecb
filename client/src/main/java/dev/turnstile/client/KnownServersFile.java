package dev.turnstile.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The servers whose certificates were trusted on first use, ssh's {@code known_hosts} habit: one
 * line per server, {@code host:port SHA256:ab:cd:…}. Lines starting with {@code #}, blank lines and
 * lines it cannot read are kept as they are and otherwise ignored.
 *
 * <p>Written whole, to a temporary file beside it that is created owner-only (0600) and forced to
 * disk, then renamed over it: a reader never sees half a file, and a crash leaves the old one. The
 * file is never read or written through a symbolic link, so a link planted in its place cannot
 * redirect the write elsewhere.
 */
final class KnownServersFile {

    private static final String HEADER = "# Servers whose TLS certificates turnstile-cli trusts: \"host:port SHA256:...\", one a line.";

    private final Path file;

    KnownServersFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** @return the file in the user's configuration folder, as the XDG base directory rules place it */
    static Path defaultPath(Map<String, String> environment, String userHome) {
        String config = environment.get("XDG_CONFIG_HOME");
        Path folder;
        if (config != null && !config.isBlank() && Path.of(config).isAbsolute()) {
            folder = Path.of(config);
        } else {
            String home = environment.getOrDefault("HOME", "");
            folder = Path.of(home.isBlank() ? userHome : home, ".config");
        }
        return folder.resolve("turnstile").resolve("known_servers");
    }

    /** @return how a server is named in the file: {@code host:port}, an IPv6 address in brackets */
    static String serverName(String host, int port) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return (name.indexOf(':') >= 0 ? "[" + name + "]" : name) + ":" + port;
    }

    /** @return the fingerprint remembered for {@code server}, or {@code null} */
    String fingerprint(String server) throws IOException {
        for (String line : lines()) {
            String[] words = line.strip().split("\\s+");
            if (words.length >= 2 && words[0].equals(server) && !line.startsWith("#")) {
                return words[1];
            }
        }
        return null;
    }

    /** Remembers {@code fingerprint} for {@code server}, replacing what was remembered for it. */
    void remember(String server, String fingerprint) throws IOException {
        List<String> lines = new ArrayList<>(lines());
        if (lines.isEmpty()) {
            lines.add(HEADER);
        }
        String entry = server + " " + fingerprint;
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            String[] words = lines.get(i).strip().split("\\s+");
            if (!lines.get(i).startsWith("#") && words[0].equals(server)) {
                if (replaced) {
                    lines.remove(i--);
                } else {
                    lines.set(i, entry);
                    replaced = true;
                }
            }
        }
        if (!replaced) {
            lines.add(entry);
        }
        write(String.join("\n", lines) + "\n");
    }

    private List<String> lines() throws IOException {
        refuseLink();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return lines;
    }

    private void write(String text) throws IOException {
        refuseLink();
        Path folder = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------"))} : new FileAttribute<?>[0]);
        }
        // A fresh name, created exclusively and owner-only from the start: no other process can
        // have opened it, or change what it will say about which certificates to trust.
        Path temporary = posix
                ? Files.createTempFile(folder, "." + file.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            // A rename replaces a link at the target's name itself, never what it points to.
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        forceFolder(folder);
    }

    private void refuseLink() throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + " is a symbolic link; known servers are never read or written through one:"
                    + " make it a plain file");
        }
    }

    /** Makes the rename durable where the platform allows opening a folder (Linux, macOS). */
    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a folder; the rename itself is done either way.
        }
    }
}
