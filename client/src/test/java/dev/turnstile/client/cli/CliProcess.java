package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@code turnstile-cli} as a real process: a JVM on this test's class path running {@link Main}. */
final class CliProcess {

    /** Long enough for any healthy run; only a hung process meets it. */
    private static final long LIMIT_SECONDS = 60;

    private final Process process;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StringBuilder stderr = new StringBuilder();
    private final BlockingQueue<String> stderrLines = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private CliProcess(Process process) {
        this.process = process;
        this.stdoutReader = start(() -> copy(process.getInputStream()));
        this.stderrReader = start(() -> readLines(process.getErrorStream()));
    }

    /** What a finished run left behind. */
    record Result(int exitCode, String stdout, String stderr) {
        /** @return standard output's lines, each without its newline */
        List<String> lines() {
            return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
        }
    }

    static CliProcess start(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("TURNSTILE_AUTH_SECRET");
        // Known servers of --tls go under the build folder unless the test names a folder: never
        // into the configuration folder of whoever runs the build.
        builder.environment().put("XDG_CONFIG_HOME", Path.of("target", "cli-config").toAbsolutePath().toString());
        builder.environment().putAll(environment);
        return new CliProcess(builder.start());
    }

    /** Runs to the end with the given standard input. */
    static Result run(String stdin, String... args) throws Exception {
        return run(Map.of(), stdin, args);
    }

    static Result run(Map<String, String> environment, String stdin, String... args) throws Exception {
        CliProcess cli = start(environment, args);
        try (OutputStream in = cli.process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        return cli.finish();
    }

    /** Waits for a line on standard error that contains the text. */
    void awaitStderrLine(String text) throws InterruptedException {
        while (true) {
            String line = stderrLines.poll(LIMIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(line != null, "no line with \"" + text + "\" on standard error");
            if (line.contains(text)) {
                return;
            }
        }
    }

    /** Waits for a line on standard output that contains the text. */
    void awaitStdoutLine(String text) throws InterruptedException {
        while (true) {
            String line = stdoutLines.poll(LIMIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(line != null, "no line with \"" + text + "\" on standard output");
            if (line.contains(text)) {
                return;
            }
        }
    }

    /** Sends SIGTERM ({@link Process#destroy()} does on Unix). */
    /**
     * Sends SIGTERM with {@code kill}, leaving the pipes open, so that what the process prints while
     * it stops is read too ({@link Process#destroy()} closes them at once).
     */
    void terminateKeepingOutput() throws Exception {
        assertTrue(new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor() == 0,
                "kill -TERM failed");
    }

    void terminate() {
        process.destroy();
    }

    Result finish() throws Exception {
        process.getOutputStream().close();
        boolean ended = process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertTrue(ended, "turnstile-cli did not finish");
        stdoutReader.join();
        stderrReader.join();
        synchronized (stderr) {
            synchronized (stdout) {
                return new Result(process.exitValue(), stdout.toString(StandardCharsets.UTF_8), stderr.toString());
            }
        }
    }

    /** Keeps standard output's bytes as they are, and hands each whole line to {@link #awaitStdoutLine}. */
    private void copy(InputStream stream) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (stream) {
            int n;
            while ((n = stream.read(buffer)) >= 0) {
                synchronized (stdout) {
                    stdout.write(buffer, 0, n);
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        stdoutLines.add(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else {
                        line.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // The process is gone; what was read is the result.
        }
    }

    private void readLines(InputStream stream) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (stderr) {
                    stderr.append(line).append('\n');
                }
                stderrLines.add(line);
            }
        } catch (IOException e) {
            // The process is gone; what was read is the result.
        }
    }

    private static Thread start(Runnable task) {
        Thread thread = new Thread(task, "cli-process-reader");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
