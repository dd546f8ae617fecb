package dev.turnstile.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result cli(String stdin, String... args) throws Exception {
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
