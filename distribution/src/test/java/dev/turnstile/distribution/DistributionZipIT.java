package dev.turnstile.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user finds after unpacking the zip. */
class DistributionZipIT {

    private static final String[] SETTINGS = {"host", "port", "plugins", "data-dir", "busy", "idle-timeout",
        "login-timeout", "max-request-bytes", "max-pending-bytes", "max-attachment-bytes"};

    private final String base = "turnstile-" + Installation.version();

    @Test
    void theZipIsNamedForTheVersionAndHoldsOneFolderOfThatName() throws Exception {
        assertEquals(base + ".zip", Installation.zip().getFileName().toString());
        try (FileSystem zip = Installation.open(); Stream<Path> top = Files.list(zip.getPath("/"))) {
            assertEquals(List.of(base), top.map(p -> p.getFileName().toString().replace("/", "")).toList());
        }
    }

    @Test
    void libHoldsTheServerTheClientAndTheirRunTimeLibrariesButNoHandlers() throws Exception {
        assertEquals(List.of("jakarta.json-api", "jline-native", "jline-reader", "jline-terminal", "logback-classic",
                "logback-core", "parsson", "picocli", "slf4j-api", "turnstile-client", "turnstile-core",
                "turnstile-files-model", "turnstile-spi"), artifactsIn("lib"));
    }

    @Test
    void pluginsHoldsTheAuthSampleAndFilesHandlersAndNothingElse() throws Exception {
        assertEquals(List.of("turnstile-handlers-auth", "turnstile-handlers-files", "turnstile-handlers-sample"),
                artifactsIn("plugins"));
    }

    @Test
    void theUnixScriptIsExecutableAndTheOtherFilesArePresent() throws Exception {
        try (FileSystem zip = Installation.open()) {
            Path root = zip.getPath("/" + base);
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("bin/turnstile"))));
            for (String file : List.of("bin/turnstile.bat", "conf/turnstile.properties", "conf/logback.xml.example", "README.md",
                    "LICENSE")) {
                assertTrue(Files.isRegularFile(root.resolve(file)), file);
            }
            assertTrue(Files.readString(root.resolve("LICENSE")).contains("GNU GENERAL PUBLIC LICENSE"));
            assertTrue(Files.readString(root.resolve("bin/turnstile")).startsWith("#!/bin/sh\n"));
            assertTrue(Files.readString(root.resolve("bin/turnstile.bat")).contains("\r\n"));
        }
    }

    @Test
    void theDataFolderIsPresentAndEmpty() throws Exception {
        try (FileSystem zip = Installation.open(); Stream<Path> data = Files.list(zip.getPath("/" + base + "/data"))) {
            assertEquals(List.of(), data.toList());
        }
    }

    @Test
    void theShareFolderIsPresentAndEmpty() throws Exception {
        try (FileSystem zip = Installation.open(); Stream<Path> share = Files.list(zip.getPath("/" + base + "/share"))) {
            assertEquals(List.of(), share.toList());
        }
    }

    @Test
    void thePropertiesFileShowsEverySettingCommentedOutWithItsEnvironmentVariable() throws Exception {
        try (FileSystem zip = Installation.open()) {
            List<String> lines = Files.readAllLines(zip.getPath("/" + base + "/conf/turnstile.properties"));
            for (String key : SETTINGS) {
                assertTrue(lines.stream().anyMatch(line -> line.startsWith("#" + key + "=")), key);
                String variable = "TURNSTILE_" + key.toUpperCase().replace('-', '_');
                assertTrue(lines.stream().anyMatch(line -> line.endsWith(variable)), variable);
            }
            assertTrue(lines.stream().noneMatch(line -> !line.isBlank() && !line.startsWith("#")),
                    "every line is a comment");
        }
    }

    @Test
    void theScriptsShareOneJavaProbeThatIsSourcedNotRun() throws Exception {
        try (FileSystem zip = Installation.open()) {
            Path probe = zip.getPath("/" + base + "/bin/java-env.sh");
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(probe)));
            for (String script : List.of("bin/turnstile", "bin/turnstile-cli")) {
                String text = Files.readString(zip.getPath("/" + base + "/" + script));
                assertTrue(text.contains(". \"$home/bin/java-env.sh\""), script);
                assertFalse(text.contains("release"), script + " leaves the version to java-env.sh");
            }
        }
    }

    @Test
    void theSystemdUnitsShipInConfAndPassSystemdAnalyzeVerify(@TempDir Path tmp) throws Exception {
        Path install = Installation.unpack(tmp.resolve("unpacked"));
        Path units = install.resolve("conf/systemd");
        List<String> names = List.of("turnstile.service", "turnstile-pull@.service", "turnstile-pull@.timer",
                "turnstile-sync@.service");
        for (String name : names) {
            assertTrue(Files.isRegularFile(units.resolve(name)), name);
        }
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed here");
        // The units name /opt/turnstile; verify checks that their programs exist, so point them here.
        Path checked = Files.createDirectories(tmp.resolve("units"));
        for (String name : names) {
            String unit = Files.readString(units.resolve(name)).replace("/opt/turnstile", install.toString());
            Files.writeString(checked.resolve(name.replace("@.", "@docs.")), unit);
            Files.writeString(checked.resolve(name), unit);
        }

        Process verify = new ProcessBuilder(analyze.toString(), "verify", "turnstile.service",
                "turnstile-pull@docs.service", "turnstile-pull@docs.timer", "turnstile-sync@docs.service")
                .directory(checked.toFile()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes());

        assertEquals(0, verify.waitFor(), output);
        assertEquals("", output.strip());
    }

    @Test
    void unpackingKeepsTheExecutableBit(@TempDir Path tmp) throws Exception {
        Path install = Installation.unpack(tmp);

        assertTrue(Files.isExecutable(install.resolve("bin/turnstile")));
    }

    private List<String> artifactsIn(String folder) throws Exception {
        String suffix = "-" + Installation.version() + ".jar";
        try (FileSystem zip = Installation.open(); Stream<Path> files = Files.list(zip.getPath("/" + base + "/" + folder))) {
            return files.map(p -> p.getFileName().toString())
                    .map(name -> name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length())
                            : name.replaceFirst("-[0-9][^-]*\\.jar$", ""))
                    .sorted()
                    .toList();
        }
    }
}
