package dev.turnstile.distribution;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/turnstile} running as a real process, its output captured in files. Every wait is
 * bounded; {@link #close()} kills the process if it is still running, so no test leaves one
 * behind.
 */
final class TurnstileProcess implements AutoCloseable {

    /** Generous: a JVM starting on a busy build machine. Only a failing test waits this long. */
    static final long WAIT_SECONDS = 60;

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private TurnstileProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code bin/turnstile} of an installation with the test JVM's Java and a clean
     * environment: no {@code TURNSTILE_*} variables and no {@code JAVA_OPTS} from outside. The
     * working directory is {@code logs}, never the installation, as when a user starts it from
     * elsewhere.
     *
     * @param install the installation folder
     * @param logs a folder for the captured output, and the working directory
     * @param args the command-line arguments
     */
    static TurnstileProcess start(Path install, Path logs, String... args) throws IOException {
        return start(install, logs, Map.of(), args);
    }

    /**
     * {@link #start(Path, Path, String...)} with more environment variables.
     *
     * @param environment added to the clean environment, as {@code JAVA_TOOL_OPTIONS}; an empty
     *     value removes the variable
     */
    static TurnstileProcess start(Path install, Path logs, Map<String, String> environment, String... args)
            throws IOException {
        return run(install.resolve("bin/turnstile"), logs, environment, args);
    }

    /**
     * Runs a script that ends by running the server, {@code bin/turnstile} or {@code run.sh}, as
     * {@link #start(Path, Path, Map, String...)} does.
     */
    static TurnstileProcess run(Path script, Path logs, Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        Files.createDirectories(logs);
        Path stdout = Files.createTempFile(logs, "stdout", ".txt");
        Path stderr = Files.createTempFile(logs, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(logs.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("TURNSTILE_") || name.equals("JAVA_OPTS"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(environment);
        env.values().removeIf(String::isEmpty);
        return new TurnstileProcess(builder.start(), stdout, stderr);
    }

    /**
     * Waits for the log line {@code listening on 127.0.0.1:<port>}.
     *
     * @return the address the server listens on
     */
    InetSocketAddress awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(stdout());
            if (m.find()) {
                return new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + " before listening:\n"
                        + stdout() + stderr());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not log \"listening on\" in " + WAIT_SECONDS + " s:\n" + stdout());
    }

    /** @return the exit code, waiting for the process to end by itself */
    int awaitExit() throws IOException, InterruptedException {
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the process did not exit in " + WAIT_SECONDS + " s:\n" + stdout() + stderr());
        }
        return process.exitValue();
    }

    /** @return the process id: the JVM's, once {@code bin/turnstile} has replaced itself with it */
    long pid() {
        return process.pid();
    }

    /** Sends SIGTERM ({@link Process#destroy()} does on Unix). */
    void terminate() {
        process.destroy();
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
