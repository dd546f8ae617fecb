package dev.turnstile.distribution;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The distribution zip the build just made, and installations unpacked from it. */
final class Installation {

    private Installation() {
    }

    /** @return the zip, as the failsafe configuration names it */
    static Path zip() {
        String property = System.getProperty("turnstile.zip");
        if (property == null) {
            throw new IllegalStateException("system property turnstile.zip is not set; run these tests with mvn verify");
        }
        return Path.of(property);
    }

    /** @return the project version the zip was built for */
    static String version() {
        return System.getProperty("turnstile.version");
    }

    /**
     * Opens the zip as a file system whose files report the Unix permissions stored in the zip.
     *
     * @return the file system; the caller closes it
     */
    static FileSystem open() throws IOException {
        return FileSystems.newFileSystem(URI.create("jar:" + zip().toUri()), Map.of("enablePosixFileAttributes", "true"));
    }

    /**
     * Unpacks the zip as a user would, keeping the permissions stored in it (the executable bit
     * of {@code bin/turnstile} included).
     *
     * @param into an empty folder
     * @return the installation folder, {@code turnstile-<version>} inside {@code into}
     */
    static Path unpack(Path into) throws IOException {
        try (FileSystem zip = open()) {
            Path root = zip.getPath("/");
            List<Path> entries;
            try (Stream<Path> walk = Files.walk(root)) {
                entries = walk.toList();
            }
            for (Path entry : entries) {
                Path target = into.resolve(root.relativize(entry).toString());
                if (Files.isDirectory(entry)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(entry, target);
                }
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(entry);
                Files.setPosixFilePermissions(target, permissions);
            }
        }
        return into.resolve("turnstile-" + version()).toRealPath();
    }
}
