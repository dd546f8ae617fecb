package dev.turnstile.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/turnstile-cli} of the unpacked installation against {@code bin/turnstile}. */
class ClientScriptIT {

    @TempDir
    Path tmp;

    private Path install;

    @BeforeEach
    void unpack() throws Exception {
        install = Installation.unpack(tmp.resolve("unpacked"));
    }

    @Test
    void theClientScriptCallsTheServerOnceAndThroughAPipe() throws Exception {
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0")) {
            InetSocketAddress address = server.awaitListening();
            String port = String.valueOf(address.getPort());

            Result once = cli("", "-p", port, "/echo", "data=\"hello\"");
            Result piped = cli("{\"url\":\"/ping\"}\n{\"url\":\"/echo\",\"data\":[1]}\n", "-p", port, "--pipe");

            assertEquals(0, once.exitCode(), once.stderr());
            assertEquals("{\n  \"code\": 200,\n  \"data\": \"hello\"\n}\n", once.stdout());
            assertEquals(0, piped.exitCode(), piped.stderr());
            assertEquals("{\"code\":200,\"pong\":true}\n{\"code\":200,\"data\":[1]}\n", piped.stdout());
        }
    }

    @Test
    void theScriptPassesOnTheExitCodeOfAFailedConnection() throws Exception {
        Result result = cli("", "-p", "1", "/ping");

        assertEquals(3, result.exitCode());
        assertTrue(result.stderr().contains("cannot connect to 127.0.0.1:1"), result.stderr());
    }

    @Test
    void theFirstCallMakesAClassDataArchiveThatTheNextCallsMap() throws Exception {
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0")) {
            String port = String.valueOf(server.awaitListening().getPort());
            assertEquals(List.of(), clientArchives(), "no archive before the first call");

            Result first = cli("", "-p", port, "--raw", "/ping");

            assertEquals(0, first.exitCode(), first.stderr());
            assertEquals("{\"code\":200,\"pong\":true}\n", first.stdout());
            assertEquals("", first.stderr());
            List<Path> archives = clientArchives();
            assertEquals(1, archives.size(), archives.toString());
            assertEquals(List.of(), leftovers(), "no temporary archive is left behind");

            Path classLog = tmp.resolve("classes.log");
            Result second = cli(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classLog), "",
                    "-p", port, "--raw", "/ping");

            assertEquals(0, second.exitCode(), second.stderr());
            assertEquals("{\"code\":200,\"pong\":true}\n", second.stdout());
            assertTrue(Files.readString(classLog).contains("dev.turnstile.client.cli.Main source: shared objects file (top)"),
                    "the second call takes its classes from the archive");
            assertEquals(archives, clientArchives(), "the archive is made once, not at every call");
            assertEquals(Files.getLastModifiedTime(archives.get(0)), Files.getLastModifiedTime(clientArchives().get(0)));
        }
    }

    @Test
    void onJava25OrNewerTheFirstCallMakesAnAheadOfTimeCacheWithoutAWordOnTheTerminal() throws Exception {
        Path java = JavaRuntimes.java25OrNewer().orElse(null);
        assumeTrue(java != null, "no Java 25 or newer runtime beside the test JVM's (JAVA25_HOME names one)");
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0")) {
            String port = String.valueOf(server.awaitListening().getPort());

            Result first = cli(Map.of("JAVA_HOME", java.toString()), "", "-p", port, "--raw", "/ping");

            assertEquals(0, first.exitCode(), first.stderr());
            assertEquals("{\"code\":200,\"pong\":true}\n", first.stdout());
            assertEquals("", first.stderr());
            List<Path> archives = clientArchives();
            assertEquals(1, archives.size(), archives.toString());
            assertTrue(archives.get(0).getFileName().toString().endsWith(".aot"), archives.toString());
            assertEquals(List.of(), leftovers(), "neither the recorded configuration nor a temporary cache is left");

            Path classLog = tmp.resolve("classes.log");
            Result second = cli(Map.of("JAVA_HOME", java.toString(), "JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classLog),
                    "", "-p", port, "--raw", "/ping");

            assertEquals(0, second.exitCode(), second.stderr());
            assertTrue(Files.readString(classLog).contains("dev.turnstile.client.cli.Main source: shared objects file"),
                    "the second call takes its classes from the cache");
            assertEquals(archives, clientArchives(), "the cache is made once, not at every call");
        }
    }

    @Test
    void throughAJavaShimOnThePathAJava25RuntimeStillMakesItsAheadOfTimeCache() throws Exception {
        Path java = JavaRuntimes.java25OrNewer().orElse(null);
        assumeTrue(java != null, "no Java 25 or newer runtime beside the test JVM's (JAVA25_HOME names one)");
        Path shim = Files.createDirectories(tmp.resolve("shims")).resolve("java");
        Files.writeString(shim, "#!/bin/sh\nexec '" + java.resolve("bin/java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0")) {
            String port = String.valueOf(server.awaitListening().getPort());

            Result result = cli(Map.of("JAVA_HOME", "", "PATH", shim.getParent() + ":/usr/bin:/bin"), "",
                    "-p", port, "--raw", "/ping");

            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals("", result.stderr());
            List<Path> archives = clientArchives();
            assertEquals(1, archives.size(), archives.toString());
            assertTrue(archives.get(0).getFileName().toString().endsWith(".aot"), "not Java 17's kind: " + archives);
        }
    }

    @Test
    void anArchiveTheJvmRefusesCostsStartUpTimeButNeverFailsTheCall() throws Exception {
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0")) {
            String port = String.valueOf(server.awaitListening().getPort());
            cli("", "-p", port, "/ping");
            Path archive = clientArchives().get(0);
            Files.write(archive, new byte[4096]);

            Result result = cli("", "-p", port, "--raw", "/ping");

            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals("{\"code\":200,\"pong\":true}\n", result.stdout());
            assertEquals("", result.stderr());
        }
    }

    @Test
    void aStaleArchiveIsReplacedAndTheServersArchiveIsLeftAlone() throws Exception {
        Path stale = install.resolve("lib/turnstile-cli-12345.jsa");
        Files.write(stale, new byte[4096]);
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0")) {
            String port = String.valueOf(server.awaitListening().getPort());
            List<Path> serverArchives = serverArchives();
            assertEquals(1, serverArchives.size(), serverArchives.toString());

            Result result = cli("", "-p", port, "--raw", "/ping");

            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals("", result.stderr());
            List<Path> archives = clientArchives();
            assertEquals(1, archives.size(), archives.toString());
            assertFalse(archives.contains(stale), "the stale archive is removed");
            assertEquals(serverArchives, serverArchives());
        }
        Files.delete(serverArchives().get(0));
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0")) {
            server.awaitListening();
            assertEquals(1, serverArchives().size());
            assertEquals(1, clientArchives().size(), "a new server archive leaves the client's in place");
        }
    }

    @Test
    void aCallThatReachesNoServerOrOnlyAsksForHelpMakesNoArchive() throws Exception {
        Result refused = cli("", "-p", "1", "/ping");
        Result help = cli("", "--help");
        Result version = cli("", "--version");

        assertEquals(3, refused.exitCode());
        assertEquals(0, help.exitCode(), help.stderr());
        assertTrue(help.stdout().contains("Exit codes:"), help.stdout());
        assertEquals(0, version.exitCode(), version.stderr());
        assertEquals(List.of(), clientArchives());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void turnstileCdsOffMakesNoArchive() throws Exception {
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0")) {
            String port = String.valueOf(server.awaitListening().getPort());

            Result result = cli(Map.of("TURNSTILE_CDS", "off"), "", "-p", port, "/ping");

            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals(List.of(), clientArchives());
        }
    }

    private List<Path> clientArchives() throws IOException {
        return filesInLib("turnstile-cli-");
    }

    private List<Path> serverArchives() throws IOException {
        return filesInLib("turnstile-").stream()
                .filter(file -> !file.getFileName().toString().startsWith("turnstile-cli-")).toList();
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(install.resolve("lib"))) {
            return files.filter(file -> file.getFileName().toString().startsWith(".turnstile-cli-")).sorted().toList();
        }
    }

    private List<Path> filesInLib(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(install.resolve("lib"))) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix)
                    && file.getFileName().toString().matches(".*\\.(jsa|aot)")).sorted().toList();
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result cli(String stdin, String... args) throws Exception {
        return cli(Map.of(), stdin, args);
    }

    private Result cli(Map<String, String> extraEnvironment, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(install.resolve("bin/turnstile-cli").toString());
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(tmp, "cli-stdout", ".txt");
        Path stderr = Files.createTempFile(tmp, "cli-stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(tmp.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("TURNSTILE_") || name.equals("JAVA_OPTS"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(extraEnvironment);
        env.values().removeIf(String::isEmpty);
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        boolean ended = process.waitFor(TurnstileProcess.WAIT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertTrue(ended, "turnstile-cli did not finish");
        return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }
}
