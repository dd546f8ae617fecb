package dev.turnstile.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.turnstile.testing.TestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unpacked installation run as a user runs it: {@code bin/turnstile}, a client, SIGTERM. */
class ServerProcessIT {

    @TempDir
    Path tmp;

    private Path install;

    @BeforeEach
    void unpack() throws Exception {
        install = Installation.unpack(tmp.resolve("unpacked"));
    }

    @Test
    void aClientLogsInAndIsServedAndSigtermStopsTheServerWithExitCode0() throws Exception {
        Path token = install.resolve("data/connection/TOKEN");
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0")) {
            InetSocketAddress address = server.awaitListening();
            try (TestClient client = TestClient.connect(address)) {
                String login = client.login("e2e");

                assertEquals(login, Files.readString(token));
                assertEquals(Map.of("code", 200L, "pong", true),
                        client.call("{\"url\":\"/ping\",\"token\":\"" + login + "\"}"));
                assertEquals(Map.of("code", 200L, "data", List.of(1L, "two", Map.of("three", 3L))),
                        client.call("{\"url\":\"/echo\",\"token\":\"" + login + "\",\"data\":[1,\"two\",{\"three\":3}]}"));

                server.terminate();

                assertEquals(0, server.awaitExit());
                assertTrue(client.isClosedByServer());
            }
            assertFalse(Files.exists(token), "TOKEN is removed when the server stops");
            assertTrue(server.stdout().lines().anyMatch(line -> line.endsWith(" stopped")), server.stdout());
            assertEquals("", server.stderr());
        }
    }

    @Test
    void theServerRunsFromAnotherWorkingDirectoryAndLogsToTheInstallation() throws Exception {
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0")) {
            server.awaitListening();
            server.terminate();

            assertEquals(0, server.awaitExit());
        }
        assertTrue(Files.readString(install.resolve("logs/turnstile.log")).contains("listening on 127.0.0.1:"));
    }

    @Test
    void theFirstStartMakesAClassDataArchiveThatTheNextStartMaps() throws Exception {
        startAndStop(install);
        List<Path> archives = archivesIn(install.resolve("lib"));
        assertEquals(1, archives.size(), archives.toString());

        String command = secondStartMapsTheArchive(Map.of(), archives.get(0));

        boolean java25 = JavaRuntimes.feature(Path.of(System.getProperty("java.home"))) >= 25;
        assertEquals(java25, command.contains("-XX:SurvivorRatio=2"), "only Java 25 and newer get other survivors: " + command);
        assertEquals(archives, archivesIn(install.resolve("lib")), "the archive is made once, not at every start");
    }

    @Test
    void aMovedInstallationMakesAFreshArchiveInsteadOfKeepingOneTheJvmWouldRefuse() throws Exception {
        startAndStop(install);
        List<Path> before = archivesIn(install.resolve("lib"));
        Path moved = tmp.resolve("moved");
        Files.move(install.getParent(), moved);
        Path movedInstall = moved.resolve(install.getFileName().toString());

        startAndStop(movedInstall);

        List<Path> after = archivesIn(movedInstall.resolve("lib"));
        assertEquals(1, after.size(), after.toString());
        assertFalse(after.get(0).getFileName().equals(before.get(0).getFileName()), after.toString());
    }

    @Test
    void onJava25OrNewerTheArchiveIsTheJvmsAheadOfTimeCache() throws Exception {
        Path java = JavaRuntimes.java25OrNewer().orElse(null);
        assumeTrue(java != null, "no Java 25 or newer runtime beside the test JVM's (JAVA25_HOME names one)");
        Map<String, String> java25 = Map.of("JAVA_HOME", java.toString());
        startAndStop(install, java25);
        List<Path> archives = archivesIn(install.resolve("lib"));
        assertEquals(1, archives.size(), archives.toString());
        assertTrue(archives.get(0).getFileName().toString().matches("turnstile-\\d+\\.aot"), archives.toString());

        String command = secondStartMapsTheArchive(java25, archives.get(0));

        assertTrue(command.contains("-XX:SurvivorRatio=2"), "Java 25 gets survivor spaces large enough for a chunk: " + command);
        assertEquals(archives, archivesIn(install.resolve("lib")), "the cache is made once, not at every start");
    }

    /**
     * Starts the server a second time and checks that it maps {@code archive}, takes the classes of
     * listening from it (the training run listened, as a {@code --check} run does not) and serves.
     *
     * @return the JVM's command line
     */
    private String secondStartMapsTheArchive(Map<String, String> environment, Path archive) throws Exception {
        Path classLog = tmp.resolve("classes.log");
        Map<String, String> env = new HashMap<>(environment);
        env.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classLog);
        try (TurnstileProcess second = TurnstileProcess.start(install, tmp, env, "--port", "0")) {
            InetSocketAddress address = second.awaitListening();
            String maps = Files.readString(Path.of("/proc/" + second.pid() + "/maps"));
            assertTrue(maps.contains(archive.toString()), "the JVM maps " + archive);
            assertTrue(Files.readString(classLog).contains("java.nio.channels.ServerSocketChannel source: shared objects file"),
                    "the classes of listening come from the archive");
            String command = Files.readString(Path.of("/proc/" + second.pid() + "/cmdline")).replace('\0', ' ');
            try (TestClient client = TestClient.connect(address)) {
                String login = client.login("cds");
                assertEquals(Map.of("code", 200L, "pong", true),
                        client.call("{\"url\":\"/ping\",\"token\":\"" + login + "\"}"));
            }
            second.terminate();
            assertEquals(0, second.awaitExit());
            assertEquals("Picked up JAVA_TOOL_OPTIONS: -Xlog:class+load:file=" + classLog, second.stderr().strip());
            return command;
        }
    }

    private void startAndStop(Path installation) throws Exception {
        startAndStop(installation, Map.of());
    }

    private void startAndStop(Path installation, Map<String, String> environment) throws Exception {
        try (TurnstileProcess server = TurnstileProcess.start(installation, tmp, environment, "--port", "0")) {
            server.awaitListening();
            server.terminate();
            assertEquals(0, server.awaitExit());
        }
    }

    @Test
    void aJavaShimOnThePathGetsTheOptionsOfTheRuntimeItStarts() throws Exception {
        Path runtime = JavaRuntimes.java25OrNewer().orElse(Path.of(System.getProperty("java.home"))).toRealPath();
        Path shims = Files.createDirectories(tmp.resolve("shims"));
        Path shim = shims.resolve("java");
        // What asdf, jenv or mise put on the PATH: a script far from any runtime's release file.
        Files.writeString(shim, "#!/bin/sh\nexec '" + runtime.resolve("bin/java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> environment = Map.of("JAVA_HOME", "", "PATH", shims + ":/usr/bin:/bin", "TURNSTILE_CDS", "off");

        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, environment, "--port", "0")) {
            server.awaitListening();
            List<String> command = List.of(Files.readString(Path.of("/proc/" + server.pid() + "/cmdline")).split("\0"));
            server.terminate();
            assertEquals(0, server.awaitExit());

            assertEquals(runtime.resolve("bin/java").toString(), command.get(0), "the runtime the shim starts runs");
            assertEquals(JavaRuntimes.feature(runtime) >= 25, command.contains("-XX:SurvivorRatio=2"),
                    "the options of Java " + JavaRuntimes.feature(runtime) + ": " + command);
        }
    }

    @Test
    void aConfLogbackXmlReplacesTheBuiltInLogging() throws Exception {
        Files.copy(install.resolve("conf/logback.xml.example"), install.resolve("conf/logback.xml"));
        Path xml = install.resolve("conf/logback.xml");
        Files.writeString(xml, Files.readString(xml).replace("<pattern>%d{HH:mm:ss.SSS} %-5level %msg%n</pattern>",
                "<pattern>custom %-5level %msg%n</pattern>"));
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0")) {
            server.awaitListening();
            server.terminate();
            assertEquals(0, server.awaitExit());

            assertTrue(server.stdout().lines().anyMatch(line -> line.startsWith("custom INFO  listening on 127.0.0.1:")),
                    server.stdout());
        }
    }

    private static List<Path> archivesIn(Path lib) throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(file -> file.getFileName().toString().matches("turnstile-\\d+\\.(jsa|aot)"))
                    .sorted().toList();
        }
    }

    @Test
    void checkStartsThePluginsUnderTheLockPrintsTheRoutesWithTheirPluginsAndJarsAndExitsWithoutListening() throws Exception {
        try (TurnstileProcess check = TurnstileProcess.start(install, tmp, "--check")) {
            assertEquals(0, check.awaitExit());

            String out = check.stdout();
            String version = Installation.version();
            assertTrue(out.lines().anyMatch(line -> line.matches("/login +no +dev\\.turnstile\\.auth\\.LoginHandler"
                    + " +dev\\.turnstile\\.auth\\.AuthPlugin +turnstile-handlers-auth-" + version.replace(".", "\\.")
                    + "\\.jar")), out);
            for (String url : List.of("/echo", "/ping", "/time")) {
                assertTrue(out.lines().anyMatch(line -> line.startsWith(url + " ") && line.contains(" yes ")
                        && line.endsWith("turnstile-handlers-sample-" + version + ".jar")), out);
            }
            assertTrue(out.lines().anyMatch(line -> line.startsWith("/routes ")), out);
            assertFalse(out.contains("listening on"), out);
            assertEquals("", check.stderr());
        }
        assertTrue(Files.exists(install.resolve("data/turnstile.lock")), "it held the data folder's lock");
        assertFalse(Files.exists(install.resolve("data/connection/TOKEN")), "and stopped the plugins it started");
    }

    @Test
    void withTlsAutoTheServerMakesItsKeyPairLogsItsFingerprintAndHealthAnswersUntilItStops() throws Exception {
        Map<String, String> noArchive = Map.of("TURNSTILE_CDS", "off");
        Path keystore = install.resolve("data/tls/server.p12");
        String port;
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, noArchive, "--port", "0", "--tls", "auto")) {
            port = String.valueOf(server.awaitListening().getPort());
            assertTrue(server.stdout().lines().anyMatch(line -> line.matches(".* TLS certificate SHA256(:[0-9a-f]{2}){32}"
                    + " \\(" + java.util.regex.Pattern.quote(keystore.toString()) + "\\)")), server.stdout());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore)));

            try (TurnstileProcess health = TurnstileProcess.start(install, tmp, "--health", "--port", port, "--tls", "auto")) {
                assertEquals(0, health.awaitExit(), health.stderr());
                assertEquals("turnstile: healthy: 127.0.0.1:" + port + " (TLS) answered 401 to a request without a"
                        + " token\n", health.stdout());
            }

            server.terminate();
            assertEquals(0, server.awaitExit());
        }
        try (TurnstileProcess health = TurnstileProcess.start(install, tmp, "--health", "--port", port, "--tls", "auto")) {
            assertEquals(1, health.awaitExit());
            assertTrue(health.stderr().startsWith("turnstile: not healthy: cannot reach 127.0.0.1:" + port + " (TLS): "),
                    health.stderr());
            assertEquals(1, health.stderr().lines().count());
        }
    }

    @Test
    void aBadPortIsOneLineOnStandardErrorWithExitCode2() throws Exception {
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "abc")) {
            assertEquals(2, server.awaitExit());

            assertEquals("turnstile: invalid --port 'abc' (from the command line): expected a whole number from 0 to 65535\n",
                    server.stderr());
        }
    }

    @Test
    void versionPrintsTheProjectVersion() throws Exception {
        try (TurnstileProcess version = TurnstileProcess.start(install, tmp, "--version")) {
            assertEquals(0, version.awaitExit());

            assertEquals("turnstile " + Installation.version() + "\n", version.stdout());
        }
    }
}
