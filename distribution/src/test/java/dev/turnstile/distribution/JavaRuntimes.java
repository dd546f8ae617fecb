package dev.turnstile.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Java runtimes to run the scripts with, for what they do differently by Java version. */
final class JavaRuntimes {

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private JavaRuntimes() {
    }

    /**
     * A Java 25 or newer runtime, whose archive is the JVM's ahead-of-time cache: {@code JAVA25_HOME}
     * when set, else the test JVM's own, else one installed beside it (Linux distributions keep
     * their JDKs side by side in one folder).
     */
    static Optional<Path> java25OrNewer() throws IOException {
        String named = System.getenv("JAVA25_HOME");
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named)).filter(home -> feature(home) >= 25);
        }
        Path own = Path.of(System.getProperty("java.home"));
        if (feature(own) >= 25) {
            return Optional.of(own);
        }
        Path parent = own.toRealPath().getParent();
        try (Stream<Path> homes = Files.list(parent)) {
            return homes.filter(home -> feature(home) >= 25 && Files.isExecutable(home.resolve("bin/java")))
                    .max(Comparator.comparingInt(JavaRuntimes::feature));
        }
    }

    /** The feature version in the runtime's {@code release} file (17, 21, 25…), or 0. */
    static int feature(Path home) {
        try {
            Matcher version = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            return version.find() ? Integer.parseInt(version.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
